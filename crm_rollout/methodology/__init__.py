"""The default methodology, read from the bilingual TOML files beside this module."""

import tomllib
from functools import cache
from pathlib import Path

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
