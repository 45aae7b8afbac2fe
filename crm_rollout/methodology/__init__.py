"""The default methodology, read from the bilingual TOML files beside this module."""

import tomllib
from functools import cache
from pathlib import Path

from crm_rollout.core.i18n import gettext as _
from crm_rollout.core.i18n import lazy_text as _l

_HERE = Path(__file__).parent


@cache
def phases_template() -> dict:
    """The nine-phase template: {"version": str, "phases": [...]}, read once per process."""
    with open(_HERE / "phases.toml", "rb") as f:
        return tomllib.load(f)


@cache
def organisation_template() -> dict:
    """Tiers, positions, functional groups and health thresholds of the project organisation."""
    with open(_HERE / "organisation.toml", "rb") as f:
        return tomllib.load(f)


@cache
def risk_catalogue() -> dict:
    """Gartner's ten failure risks, proposed to every new project's register."""
    with open(_HERE / "risks.toml", "rb") as f:
        return tomllib.load(f)


@cache
def kpi_starter_set() -> list[dict]:
    """The indicators a method proposes to its projects' scorecards (definitions, no baseline)."""
    with open(_HERE / "kpis.toml", "rb") as f:
        return tomllib.load(f)["kpis"]


@cache
def questionnaires() -> dict[str, dict]:
    """Readiness questionnaires by key, each with dimensions (weighted), items and 1/3/5 anchors."""
    found = {}
    for path in sorted((_HERE / "questionnaires").glob("*.toml")):
        with open(path, "rb") as f:
            data = tomllib.load(f)
        found[data["key"]] = data
    return found


@cache
def built_in_methods() -> tuple[dict, ...]:
    """The methods the library ships with: the full nine phases and the SaaS quick-start, in this order."""
    found = []
    for name in ("phases.toml", "saas_quickstart.toml"):
        with open(_HERE / name, "rb") as f:
            found.append(tomllib.load(f))
    return tuple(found)


# What each team health threshold means, for the forms that edit them (a project's, a method's).
HEALTH_RULE_LABELS = {
    "director_min_allocation": _l("Director's minimum time (%)"),
    "assistant_min_allocation": _l("Key assistants' minimum time (%)"),
    "member_min_allocation": _l("Team members' minimum time (%)"),
    "core_min_size": _l("Smallest core team"),
    "core_max_size": _l("Largest core team"),
    "it_share_max": _l("Largest share of IT people (%)"),
    "consultancy_tiers": _l("Tiers that should have consultancy support"),
}


def checked_health_rules(values: dict) -> tuple[dict, dict[str, str]]:
    """Team health thresholds as a project or a method keeps them: every threshold of the method's, whole
    numbers, consultancy on known tiers. Returns (the thresholds, {field: message})."""
    tiers = {tier["key"] for tier in organisation_template()["tiers"]}
    cleaned, errors = {}, {}
    for name, default in organisation_template()["health"].items():
        value = values.get(name, default)
        if name == "consultancy_tiers":
            if not isinstance(value, list | tuple) or not set(value) <= tiers:
                errors[name] = _("Choose tiers from the list.")
            cleaned[name] = list(value) if isinstance(value, list | tuple) else []
        elif not isinstance(value, int) or isinstance(value, bool) or not 0 <= value <= 1000:
            errors[name] = _("Enter a whole number.")
        else:
            cleaned[name] = value
    if not errors and cleaned["core_min_size"] > cleaned["core_max_size"]:
        errors["core_max_size"] = _("The maximum is below the minimum.")
    return cleaned, errors


@cache
def readiness_weights() -> dict[str, dict[str, float]]:
    """Each questionnaire's dimension weights as the method ships them."""
    return {key: {d["key"]: d["weight"] for d in q["dimensions"]} for key, q in questionnaires().items()}
