"""A method's content: phases with their checklists and deliverables, in the shape of methodology/phases.toml
(what projects.create_project copies). Checked here whether it was typed in the browser or read from a file,
so a project is never created from a method it cannot use."""

import re

from crm_rollout.core.i18n import gettext as _
from crm_rollout.core.permissions import Role
from crm_rollout.methodology import (
    checked_health_rules,
    kpi_starter_set,
    questionnaires,
    readiness_weights,
    risk_catalogue,
)

MAX_PHASES = 20
MAX_LINES = 80  # items or deliverables of one phase
MAX_TEXT = 300
MAX_NAME = 120  # a phase name, as projects keep it (phases.name_zh)
MAX_OBJECTIVE = 2000
KEY = re.compile(r"^[a-z][a-z0-9_]{0,39}$")
MAX_RISKS = 50
RISK_TEXTS = ("title_zh", "title_en", "cause_zh", "cause_en", "mitigation_zh", "mitigation_en")
MAX_WEIGHT = 100
MAX_KPIS = 40
MAX_QUESTIONS = 60  # items of one questionnaire
QUESTION_TEXTS = ("text_zh", "text_en", "guidance_zh", "guidance_en")
# A starter KPI as a method proposes it: what each of its coded fields may say (the scorecard's vocabulary).
KPI_CODES = {
    "indicator_type": ("lagging", "leading"),
    "goal_type": ("efficiency", "broad"),
    "direction": ("higher", "lower"),
}


MAX_DUE_DAYS = 365
TEXTS = ("objective_zh", "objective_en", "entry_zh", "entry_en", "exit_zh", "exit_en")  # a phase's free texts


def item_lines(items: list[dict]) -> str:
    """Items as the editor shows them: one a line, "中文 | English", a leading "*" for a mandatory one, then
    "| +N" when it falls due N days into its phase and "| @role" for whom the method gives it."""
    return "\n".join(
        ("* " if item.get("mandatory") else "")
        + f"{item['zh']} | {item['en']}"
        + (f" | +{item['due_days']}" if item.get("due_days") is not None else "")
        + (f" | @{item['owner_role']}" if item.get("owner_role") else "")
        for item in items
    )


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
        parts = [part.strip() for part in line.split("|")]
        extras = _extras(parts[2:]) if marks_mandatory else None
        zh, en = parts[0], (parts[1] if len(parts) > 1 else "") or parts[0]
        if not zh or len(zh) > MAX_TEXT or len(en) > MAX_TEXT or (extras is None and len(parts) > 2):
            problems.append(_("Line %(n)d: write the text, under %(max)d characters.", n=number, max=MAX_TEXT))
            continue
        if extras is not None and "problem" in extras:
            problems.append(_extras_problem(number))
            continue
        if not marks_mandatory:
            found.append({"zh": zh, "en": en})
            continue
        found.append({"zh": zh, "en": en, "mandatory": mandatory} | extras)
    return found, problems


def _extras_problem(number: int) -> str:
    roles = ", ".join(Role.codes())
    return _(
        "Line %(n)d: after the texts, +N (due N days into the phase, up to %(max)d) and @role (%(roles)s).",
        n=number,
        max=MAX_DUE_DAYS,
        roles=roles,
    )


def _extras(parts: list[str]) -> dict:
    """What follows an item's texts: "+N" due days and "@role" its default owner's role, each at most once."""
    found = {}
    for part in parts:
        if part.lstrip("+").isdigit() and part.startswith("+") and "due_days" not in found:
            found["due_days"] = int(part)
        elif part.startswith("@") and part[1:] in Role.codes() and "owner_role" not in found:
            found["owner_role"] = part[1:]
        else:
            return {"problem": part}
    if found.get("due_days", 0) > MAX_DUE_DAYS:
        return {"problem": found["due_days"]}
    return found


def problems(content: dict) -> list[str]:
    """What keeps this content from being a method a project can be created from (empty when it can)."""
    phases = content.get("phases") if isinstance(content, dict) else None
    if not isinstance(phases, list) or not 1 <= len(phases) <= MAX_PHASES:
        return [_("A method has from 1 to %(n)d phases.", n=MAX_PHASES)]
    found, keys = [], set()
    for number, phase in enumerate(phases, start=1):
        found += [f"{number}. {problem}" for problem in _phase_problems(phase, keys)]
    return (
        found
        + _risk_problems(content.get("risks", []))
        + _rule_problems(content)
        + _kpi_problems(content.get("kpis", []))
        + _question_problems(content.get("questionnaire_items", {}))
    )


def _question_problems(found_items) -> list[str]:
    """Each questionnaire's items: a key of their own, a dimension of the questionnaire, texts in both languages."""
    known = questionnaires()
    if not isinstance(found_items, dict) or not set(found_items) <= set(known):
        return [_("The questionnaires' items name a questionnaire this app does not have.")]
    for key, items in found_items.items():
        dimensions = {d["key"] for d in known[key]["dimensions"]}
        if not isinstance(items, list) or not 1 <= len(items) <= MAX_QUESTIONS:
            return [_("A questionnaire has from 1 to %(n)d items.", n=MAX_QUESTIONS)]
        keys = set()
        for item in items:
            good = (
                isinstance(item, dict)
                and KEY.match(str(item.get("key", "")))
                and item["key"] not in keys
                and item.get("dimension") in dimensions
                and all(_text(item.get(n, ""), MAX_TEXT if n.startswith("text") else MAX_OBJECTIVE,
                              required=n.startswith("text")) for n in QUESTION_TEXTS)
            )  # fmt: skip
            if not good:
                return [
                    _("Each item has a key of its own, a dimension of its questionnaire and a text in both languages.")
                ]
            keys.add(item["key"])
    return []


def _kpi_problems(kpis) -> list[str]:
    if not isinstance(kpis, list) or len(kpis) > MAX_KPIS:
        return [_("The KPI starter set holds up to %(n)d indicators.", n=MAX_KPIS)]
    for number, kpi in enumerate(kpis, start=1):
        if (
            not isinstance(kpi, dict)
            or not all(_text(kpi.get(name), MAX_NAME, required=True) for name in ("name_zh", "name_en"))
            or not _text(kpi.get("unit", ""), 30)
            or any(kpi.get(name) not in codes for name, codes in KPI_CODES.items())
        ):
            return [
                _(
                    "Starter KPI %(n)d: names in both languages, a short unit, and its type, goal and direction.",
                    n=number,
                )
            ]
    return []


def _risk_problems(risks) -> list[str]:
    if not isinstance(risks, list) or len(risks) > MAX_RISKS:
        return [_("The risk catalogue holds up to %(n)d risks.", n=MAX_RISKS)]
    keys = set()
    for risk in risks:
        if not isinstance(risk, dict) or not KEY.match(str(risk.get("key", ""))) or risk["key"] in keys:
            return [_("Each risk of the catalogue has a key of its own: lower-case letters, digits and _.")]
        keys.add(risk["key"])
        if not KEY.match(str(risk.get("category", ""))) or not all(
            _text(risk.get(name, ""), MAX_TEXT if name.startswith("title") else MAX_OBJECTIVE,
                  required=name.startswith("title"))
            for name in RISK_TEXTS
        ):  # fmt: skip
            return [_("Risk “%(key)s”: a category and a title in both languages.", key=risk["key"])]
    return []


def _rule_problems(content: dict) -> list[str]:
    _rules, errors = checked_health_rules(content.get("team_rules") or {})
    found = [_("Team health rules: %(why)s", why=message) for message in errors.values()]
    thresholds = content.get("readiness_thresholds") or {}
    if not isinstance(thresholds, dict) or not all(
        key in readiness_weights() and _weight(value) and 1 <= value <= 5 for key, value in thresholds.items()
    ):
        found.append(_("A readiness threshold is an overall score from 1 to 5, or none."))
    weights = content.get("readiness_weights", {})
    known = readiness_weights()
    for key, dimensions in weights.items() if isinstance(weights, dict) else [(None, None)]:
        if key not in known or not isinstance(dimensions, dict) or not set(dimensions) <= set(known[key]):
            return [*found, _("Readiness weights name a questionnaire or a dimension this app does not have.")]
        if not all(_weight(w) for w in dimensions.values()) or not any(dimensions.values()):
            return [*found, _("A readiness weight is a number from 0 to %(n)d, and not all are 0.", n=MAX_WEIGHT)]
    return found


def _weight(value) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool) and 0 <= value <= MAX_WEIGHT


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
    for name in TEXTS:
        if not _text(phase.get(name, ""), MAX_OBJECTIVE):
            found.append(_("Keep the objective and criteria under %(n)d characters each.", n=MAX_OBJECTIVE))
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
    due = row.get("due_days") if isinstance(row, dict) else None
    return (
        isinstance(row, dict)
        and _text(row.get("zh"), MAX_TEXT, required=True)
        and _text(row.get("en"), MAX_TEXT, required=True)
        and isinstance(row.get("mandatory", False), bool)
        and (due is None or (isinstance(due, int) and not isinstance(due, bool) and 0 <= due <= MAX_DUE_DAYS))
        and row.get("owner_role", "") in ("", *Role.codes())
    )


def clean(content: dict) -> dict:
    """Only what a method says, whatever else a file carried: nothing unexpected reaches a project. A file
    without a risk catalogue, team rules or readiness weights takes the built-in method's."""
    rules, _errors = checked_health_rules(content.get("team_rules") or {})
    weights = {key: dict(dimensions) for key, dimensions in readiness_weights().items()}
    for key, dimensions in (content.get("readiness_weights") or {}).items():
        if key in weights and isinstance(dimensions, dict):
            weights[key].update({d: w for d, w in dimensions.items() if d in weights[key]})
    return {
        "phases": [_clean_phase(phase) for phase in content["phases"]],
        "risks": [
            {"key": r["key"], "category": r["category"]} | {name: r.get(name, "") for name in RISK_TEXTS}
            for r in content.get("risks", risk_catalogue()["risks"])
        ],
        "team_rules": rules,
        "readiness_weights": weights,
        "readiness_thresholds": {
            key: value
            for key, value in (content.get("readiness_thresholds") or {}).items()
            if key in weights and _weight(value) and value <= 5
        },
        "kpis": [
            {name: k.get(name, "") for name in ("name_zh", "name_en", "unit", *KPI_CODES)}
            for k in content.get("kpis", kpi_starter_set())
        ],
        "questionnaire_items": {
            key: [
                {"key": i["key"], "dimension": i["dimension"]} | {n: i.get(n, "") for n in QUESTION_TEXTS}
                for i in (content.get("questionnaire_items") or {}).get(key, q["items"])
            ]
            for key, q in questionnaires().items()
        },
    }


def _clean_phase(phase: dict) -> dict:
    texts = {name: phase.get(name, "") for name in ("key", "name_zh", "name_en", *TEXTS)}
    return texts | {
        "typical_weeks": phase.get("typical_weeks", 4),
        "items": [
            {"zh": i["zh"], "en": i["en"], "mandatory": i.get("mandatory", False)}
            | ({"due_days": i["due_days"]} if i.get("due_days") is not None else {})
            | ({"owner_role": i["owner_role"]} if i.get("owner_role") else {})
            for i in phase.get("items", [])
        ],
        "deliverables": [{"zh": d["zh"], "en": d["en"]} for d in phase.get("deliverables", [])],
    }
