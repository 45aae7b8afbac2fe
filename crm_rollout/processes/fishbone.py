"""The fishbone of a process's root causes as plain geometry: the problem at the head, a bone per category."""

from dataclasses import dataclass, field

from crm_rollout.core.diagram_text import wrap

FISH_W, HEAD_W, ROW, SLOPE = 1280, 220, 34, 0.45  # a row holds a cause of up to two lines


@dataclass
class Bone:
    label: str
    x1: int
    y1: int  # outer end, where the label sits
    x2: int
    y2: int  # on the spine
    causes: list[tuple[int, int, int, str]] = field(default_factory=list)  # x_text, y, x_bone, text


@dataclass
class Fishbone:
    width: int
    height: int
    spine_y: int
    spine_x1: int
    spine_x2: int
    head: tuple[str, ...]
    head_x: int
    bones: list[Bone]


def fishbone(problem: str, causes_by_category: dict[str, list[str]], category_labels: dict[str, str]) -> Fishbone:
    """Three bones above the spine, three below, each listing its causes; the problem is the head."""
    categories = list(category_labels)
    deepest = max([len(causes_by_category.get(c, [])) for c in categories] + [2])
    bone_h = 44 + deepest * ROW
    spine_y = 16 + bone_h
    height = spine_y * 2
    spine_x2 = FISH_W - HEAD_W - 10
    chart = Fishbone(
        FISH_W,
        height,
        spine_y,
        24,
        spine_x2,
        wrap(problem or "", HEAD_W - 24, 14, lines=4),
        spine_x2 + 10,
        [],
    )
    spacing = (spine_x2 - 40) // 3
    for n, category in enumerate(categories):
        above = n < 3
        column = n % 3
        x_spine = 40 + spacing * (column + 1) - 20
        y_outer = spine_y - bone_h + 16 if above else spine_y + bone_h - 16
        x_outer = int(x_spine - abs(spine_y - y_outer) * SLOPE)
        bone = Bone(str(category_labels[category]), x_outer, y_outer, x_spine, spine_y)
        for k, text in enumerate(causes_by_category.get(category, [])):
            y = y_outer + (k + 1) * ROW * (1 if above else -1) + (8 if above else -8)
            x_bone = int(x_spine - abs(spine_y - y) * SLOPE)
            bone.causes.append((x_bone - 8, y, x_bone, wrap(text, spacing - 40, 12)))
        chart.bones.append(bone)
    return chart
