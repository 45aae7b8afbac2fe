"""Lays out the organisation chart: the tiers as bands, functional groups as columns inside theirs.

Returns plain geometry that templates/team/orgchart.svg draws, so the picture is real SVG text
(selectable, printable, any language) rather than an image.
"""

from dataclasses import dataclass, field

from crm_rollout.core.diagram_text import wrap

BOX_W, GAP, PAD, BAND_HEAD = 168, 12, 16, 30
NAME_LINE, SUBTITLE_LINE, BOX_PAD = 17, 14, 9  # line heights for 13 px and 11 px text; inner margin


@dataclass
class Box:
    x: int
    y: int
    name: tuple[str, ...]  # up to two lines each: a long name wraps instead of being cut
    subtitle: tuple[str, ...]
    consultancy: bool
    lead: bool
    h: int
    w: int = BOX_W


@dataclass
class Band:
    y: int
    height: int
    label: str
    columns: list = field(default_factory=list)  # (x, label) headings of functional groups


@dataclass
class Chart:
    width: int
    height: int
    bands: list[Band]
    boxes: list[Box]


def _lines(person, subtitle) -> tuple[tuple[str, ...], tuple[str, ...]]:
    lead = person.leads_group or person.position == "chair"
    name = ("★ " if lead else "") + person.name
    return wrap(name, BOX_W - 16, 13), wrap(subtitle(person), BOX_W - 16, 11, lines=3)


def _box(person, x, y, subtitle, box_h: int) -> Box:
    name, sub = _lines(person, subtitle)
    lead = person.leads_group or person.position == "chair"
    return Box(x, y, name, sub, person.is_consultancy, lead, box_h)


def _row(people, y, x0, subtitle, box_h: int) -> list[Box]:
    return [_box(p, x0 + n * (BOX_W + GAP), y, subtitle, box_h) for n, p in enumerate(people)]


def layout(team, tier_labels: dict, group_labels: dict, position_labels: dict, per_row: int = 5) -> Chart:
    """Steering on top, then the director and implementation team, then one column per functional group."""

    def subtitle(person):
        return position_labels.get(person.position, person.position) + (
            f" · {person.organisation}" if person.is_consultancy and person.organisation else ""
        )

    # Every box as tall as the tallest text needs, so that rows stay aligned and nothing is cut.
    needed = [_lines(p, subtitle) for p in team]
    box_h = max((2 * BOX_PAD + NAME_LINE * len(n) + SUBTITLE_LINE * len(t) for n, t in needed), default=52)
    bands, boxes = [], []
    y = PAD
    width = PAD * 2 + per_row * (BOX_W + GAP)
    for tier in ("steering", "core"):
        members = [p for p in team if p.tier == tier]
        rows = max(1, -(-len(members) // per_row))
        height = BAND_HEAD + rows * (box_h + GAP) + GAP
        bands.append(Band(y, height, tier_labels[tier]))
        for r in range(rows):
            chunk = members[r * per_row : (r + 1) * per_row]
            offset = PAD + (per_row - len(chunk)) * (BOX_W + GAP) // 2
            boxes += _row(chunk, y + BAND_HEAD + r * (box_h + GAP), offset, subtitle, box_h)
        y += height + GAP
    functional = [p for p in team if p.tier == "functional"]
    groups = list(dict.fromkeys(p.functional_group or "—" for p in functional))
    tallest = max((sum(1 for p in functional if (p.functional_group or "—") == g) for g in groups), default=1)
    height = BAND_HEAD + 20 + tallest * (box_h + GAP) + GAP
    band = Band(y, height, tier_labels["functional"])
    width = max(width, PAD * 2 + len(groups) * (BOX_W + GAP))
    for column, group in enumerate(groups):
        x = PAD + column * (BOX_W + GAP)
        band.columns.append((x, group_labels.get(group, group)))
        in_group = sorted(
            (p for p in functional if (p.functional_group or "—") == group), key=lambda p: (not p.leads_group, p.name)
        )
        for n, person in enumerate(in_group):
            boxes.append(_box(person, x, y + BAND_HEAD + 20 + n * (box_h + GAP), subtitle, box_h))
    bands.append(band)
    y += height + GAP
    extended = [p for p in team if p.tier == "extended"]
    if extended:
        rows = -(-len(extended) // per_row)
        height = BAND_HEAD + rows * (box_h + GAP) + GAP
        bands.append(Band(y, height, tier_labels["extended"]))
        for r in range(rows):
            boxes += _row(
                extended[r * per_row : (r + 1) * per_row], y + BAND_HEAD + r * (box_h + GAP), PAD, subtitle, box_h
            )
        y += height + GAP
    return Chart(width, y + PAD, bands, boxes)
