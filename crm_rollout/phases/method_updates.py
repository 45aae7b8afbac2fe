"""Pulling a newer version of the method into a running project, change by change: renamed phases and new
checklist items and deliverables, shown before anything is written. Nothing is taken away: an item the
method dropped stays in the project, and a phase the project lacks is only reported (gates, milestones and
reports already hang on the phases it has)."""

from dataclasses import dataclass

from sqlalchemy import select

from crm_rollout.core.editing import check_version, next_position
from crm_rollout.core.errors import ValidationFailed
from crm_rollout.core.extensions import db
from crm_rollout.core.i18n import gettext as _
from crm_rollout.methods import service as methods
from crm_rollout.phases.models import ChecklistItem, Deliverable, Phase

WORDING = ("name_zh", "name_en", "objective_zh", "objective_en", "entry_zh", "entry_en", "exit_zh", "exit_en")


@dataclass
class Change:
    key: str  # what the form's checkbox sends: "wording:<phase key>", "item:<phase key>:<n>" ...
    kind: str  # wording | item | deliverable | new_phase (reported only)
    phase_key: str
    spec: dict  # what the method says
    phase: Phase | None = None  # the project's phase it changes

    @property
    def offered(self) -> bool:
        return self.kind != "new_phase"


def newer_versions(project) -> list:
    """The published versions a project can be compared with: later ones of its own method, or, for a project
    made before the library, every version of the full method."""
    current = project.method_version
    method = current.method if current else methods.get_method(methods.default_method_id())
    return [v for v in method.versions if not v.is_draft and (current is None or v.number > current.number)]


def changes(project, version) -> list[Change]:
    phases = {p.key: p for p in db.session.scalars(select(Phase).where(Phase.project_id == project.id))}
    titles = _titles(ChecklistItem, project.id)
    deliverables = _titles(Deliverable, project.id)
    found = []
    for spec in version.content["phases"]:
        phase = phases.get(spec["key"])
        if phase is None:
            found.append(Change(f"new_phase:{spec['key']}", "new_phase", spec["key"], spec))
            continue
        if any((spec.get(name) or "") != (getattr(phase, name) or "") for name in WORDING):
            found.append(Change(f"wording:{phase.key}", "wording", phase.key, spec, phase))
        for kind, rows, known in (("item", spec["items"], titles), ("deliverable", spec["deliverables"], deliverables)):
            for n, row in enumerate(rows):
                if not ({row["zh"], row["en"]} & known.get(phase.id, set())):
                    found.append(Change(f"{kind}:{phase.key}:{n}", kind, phase.key, row, phase))
    return found


def _titles(model, project_id: int) -> dict[int, set[str]]:
    """Each phase's item (or deliverable) titles in both languages, removed ones too: what the project had."""
    known: dict[int, set[str]] = {}
    for phase_id, zh, en in db.session.execute(
        select(model.phase_id, model.title_zh, model.title_en).where(model.project_id == project_id)
    ):
        known.setdefault(phase_id, set()).update({zh, en} - {""})
    return known


def pull(project, version, keys: set[str], *, expected_version: int | None) -> int:
    """Apply the chosen changes; the project then records the version it was brought up to."""
    check_version(project, expected_version)
    chosen = [c for c in changes(project, version) if c.offered and c.key in keys]
    if not chosen:
        raise ValidationFailed({"change": _("Choose at least one change to take over.")})
    for change in chosen:
        if change.kind == "wording":
            for name in WORDING:
                setattr(change.phase, name, change.spec.get(name) or "")
        else:
            _add(ChecklistItem if change.kind == "item" else Deliverable, change)
    project.method_version_id = version.id
    project.methodology_version = f"{version.method.key} v{version.number}"[:40]
    db.session.flush()
    return len(chosen)


def _add(model, change: Change) -> None:
    phase = change.phase
    extra = {"mandatory": change.spec.get("mandatory", False)} if model is ChecklistItem else {}
    db.session.add(
        model.of_method(phase, next_position(model.position, model.phase_id == phase.id), change.spec, **extra)
    )
    db.session.flush()
