"""A method's content: phases with their checklists and deliverables, in the shape of methodology/phases.toml
(what projects.create_project copies). Checked here whether it was typed in the browser or read from a file,
so a project is never created from a method it cannot use."""

import re

from flask_babel import gettext as _

MAX_PHASES = 20
MAX_LINES = 80  # items or deliverables of one phase
MAX_TEXT = 300
MAX_NAME = 120  # a phase name, as projects keep it (phases.name_zh)
MAX_OBJECTIVE = 2000
KEY = re.compile(r"^[a-z][a-z0-9_]{0,39}$")


def item_lines(items: list[dict]) -> str:
    """Items as the editor shows them: one a line, "中文 | English", a leading "*" for a mandatory one."""
    return "\n".join(("* " if item.get("mandatory") else "") + f"{item['zh']} | {item['en']}" for item in items)


def deliverable_lines(deliverables: list[dict]) -> str:
    return "\n".join(f"{d['zh']} | {d['en']}" for d in deliverables)


def parse_lines(text: str, *, marks_mandatory: bool) -> tuple[list[dict], list[str]]:
    """The editor's lines back as items (or deliverables), and what is wrong with them by line number. A line
    without " | " is the same in both languages."""
    found, problems = [], []
    lines = [line.strip() for line in (text or "").splitlines() if line.strip()]
    if len(lines) > MAX_LINES:
        return [], [_("Keep it under %(n)d lines.", n=MAX_LINES)]
    for number, line in enumerate(lines, start=1):
        mandatory = marks_mandatory and line.startswith("*")
        line = line.lstrip("*").strip() if marks_mandatory else line
        zh, _sep, en = (part.strip() for part in line.partition("|"))
        en = en or zh
        if not zh or len(zh) > MAX_TEXT or len(en) > MAX_TEXT:
            problems.append(_("Line %(n)d: write the text, under %(max)d characters.", n=number, max=MAX_TEXT))
            continue
        found.append({"zh": zh, "en": en, "mandatory": mandatory} if marks_mandatory else {"zh": zh, "en": en})
    return found, problems


def problems(content: dict) -> list[str]:
    """What keeps this content from being a method a project can be created from (empty when it can)."""
    phases = content.get("phases") if isinstance(content, dict) else None
    if not isinstance(phases, list) or not 1 <= len(phases) <= MAX_PHASES:
        return [_("A method has from 1 to %(n)d phases.", n=MAX_PHASES)]
    found, keys = [], set()
    for number, phase in enumerate(phases, start=1):
        found += [f"{number}. {problem}" for problem in _phase_problems(phase, keys)]
    return found


def _phase_problems(phase, keys: set) -> list[str]:
    if not isinstance(phase, dict):
        return [_("Not a phase.")]
    found = []
    key = phase.get("key")
    if not isinstance(key, str) or not KEY.match(key) or key in keys:
        found.append(_("Give the phase a key of its own: lower-case letters, digits and _."))
    keys.add(key)
    for name in ("name_zh", "name_en"):
        if not _text(phase.get(name), MAX_NAME, required=True):
            found.append(_("Name the phase in both languages, under %(n)d characters.", n=MAX_NAME))
            break
    for name in ("objective_zh", "objective_en"):
        if not _text(phase.get(name, ""), MAX_OBJECTIVE):
            found.append(_("Keep the objective under %(n)d characters.", n=MAX_OBJECTIVE))
            break
    weeks = phase.get("typical_weeks", 4)
    if not isinstance(weeks, int | float) or isinstance(weeks, bool) or not 0 < weeks <= 104:
        found.append(_("Typical weeks: a number from 1 to 104."))
    for name in ("items", "deliverables"):
        rows = phase.get(name, [])
        if not isinstance(rows, list) or len(rows) > MAX_LINES or not all(_row(row) for row in rows):
            found.append(
                _("Each item and deliverable has a text in both languages, under %(n)d characters.", n=MAX_TEXT)
            )
            break
    return found


def _text(value, limit: int, *, required: bool = False) -> bool:
    return isinstance(value, str) and len(value) <= limit and (bool(value.strip()) or not required)


def _row(row) -> bool:
    return (
        isinstance(row, dict)
        and _text(row.get("zh"), MAX_TEXT, required=True)
        and _text(row.get("en"), MAX_TEXT, required=True)
        and isinstance(row.get("mandatory", False), bool)
    )


def clean(content: dict) -> dict:
    """Only what a method says, whatever else a file carried: nothing unexpected reaches a project."""
    phase_fields = ("key", "name_zh", "name_en", "objective_zh", "objective_en", "typical_weeks")
    return {
        "phases": [
            {name: phase.get(name, "") for name in phase_fields}
            | {"typical_weeks": phase.get("typical_weeks", 4)}
            | {
                "items": [
                    {"zh": i["zh"], "en": i["en"], "mandatory": i.get("mandatory", False)}
                    for i in phase.get("items", [])
                ]
            }
            | {"deliverables": [{"zh": d["zh"], "en": d["en"]} for d in phase.get("deliverables", [])]}
            for phase in content["phases"]
        ]
    }
