"""Lays out the organisation chart: the tiers as bands, functional groups as columns inside theirs.

Returns plain geometry that templates/team/orgchart.svg draws, so the picture is real SVG text
(selectable, printable, any language) rather than an image.
"""

from dataclasses import dataclass, field

from crm_rollout.core.diagram_text import fit

BOX_W, BOX_H, GAP, PAD, BAND_HEAD = 168, 52, 12, 16, 30


@dataclass
class Box:
    x: int
    y: int
    name: str
    subtitle: str
    consultancy: bool
    lead: bool
    w: int = BOX_W
    h: int = BOX_H


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


def _box(person, x, y, subtitle) -> Box:
    lead = person.leads_group or person.position == "chair"
    name = ("★ " if lead else "") + person.name
    return Box(x, y, fit(name, BOX_W - 16, 13), fit(subtitle(person), BOX_W - 16, 11), person.is_consultancy, lead)


def _row(people, y, x0, subtitle) -> list[Box]:
    return [_box(p, x0 + n * (BOX_W + GAP), y, subtitle) for n, p in enumerate(people)]


def layout(team, tier_labels: dict, group_labels: dict, position_labels: dict, per_row: int = 5) -> Chart:
    """Steering on top, then the director and implementation team, then one column per functional group."""

    def subtitle(person):
        return position_labels.get(person.position, person.position) + (
            f" · {person.organisation}" if person.is_consultancy and person.organisation else ""
        )

    bands, boxes = [], []
    y = PAD
    width = PAD * 2 + per_row * (BOX_W + GAP)
    for tier in ("steering", "core"):
        members = [p for p in team if p.tier == tier]
        rows = max(1, -(-len(members) // per_row))
        height = BAND_HEAD + rows * (BOX_H + GAP) + GAP
        bands.append(Band(y, height, tier_labels[tier]))
        for r in range(rows):
            chunk = members[r * per_row : (r + 1) * per_row]
            offset = PAD + (per_row - len(chunk)) * (BOX_W + GAP) // 2
            boxes += _row(chunk, y + BAND_HEAD + r * (BOX_H + GAP), offset, subtitle)
        y += height + GAP
    functional = [p for p in team if p.tier == "functional"]
    groups = list(dict.fromkeys(p.functional_group or "—" for p in functional))
    tallest = max((sum(1 for p in functional if (p.functional_group or "—") == g) for g in groups), default=1)
    height = BAND_HEAD + 20 + tallest * (BOX_H + GAP) + GAP
    band = Band(y, height, tier_labels["functional"])
    width = max(width, PAD * 2 + len(groups) * (BOX_W + GAP))
    for column, group in enumerate(groups):
        x = PAD + column * (BOX_W + GAP)
        band.columns.append((x, group_labels.get(group, group)))
        in_group = sorted(
            (p for p in functional if (p.functional_group or "—") == group), key=lambda p: (not p.leads_group, p.name)
        )
        for n, person in enumerate(in_group):
            boxes.append(_box(person, x, y + BAND_HEAD + 20 + n * (BOX_H + GAP), subtitle))
    bands.append(band)
    y += height + GAP
    extended = [p for p in team if p.tier == "extended"]
    if extended:
        rows = -(-len(extended) // per_row)
        height = BAND_HEAD + rows * (BOX_H + GAP) + GAP
        bands.append(Band(y, height, tier_labels["extended"]))
        for r in range(rows):
            boxes += _row(extended[r * per_row : (r + 1) * per_row], y + BAND_HEAD + r * (BOX_H + GAP), PAD, subtitle)
        y += height + GAP
    return Chart(width, y + PAD, bands, boxes)
