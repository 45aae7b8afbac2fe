"""Phase gates: a phase closes only through its gate, and the next one starts only after it (or by decision)."""

import functools
import hashlib
import json

from sqlalchemy import bindparam, select
from sqlalchemy.orm import joinedload, selectinload

from crm_rollout.core.db import today
from crm_rollout.core.errors import ValidationFailed
from crm_rollout.core.extensions import db
from crm_rollout.core.i18n import gettext as _
from crm_rollout.core.i18n import localized
from crm_rollout.core.lookup import ProjectRows, belongs_to, listed_in, rows_of
from crm_rollout.documents import service as documents
from crm_rollout.gates.models import Gate, GateReview
from crm_rollout.notifications.kinds import Kind
from crm_rollout.notifications.service import notify
from crm_rollout.phases import service as phases
from crm_rollout.phases.labels import DeliverableStatus, ItemStatus, PhaseStatus
from crm_rollout.phases.models import Phase
from crm_rollout.processes import approvals
from crm_rollout.processes import service as processes
from crm_rollout.readiness import service as readiness
from crm_rollout.risks import service as risks
from crm_rollout.steering import reviewing
from crm_rollout.steering.labels import ReviewOutcome
from crm_rollout.steering.models import Decision


def _decision_in_project(project_id: int, decision_id) -> bool:
    return decision_id is not None and belongs_to(Decision, project_id, decision_id)


BLUEPRINT_PHASES = ("blueprint", "prototype")  # their gates check the process owners' approvals


def evidence(phase: Phase) -> dict:
    """The gate criteria as they stand now: mandatory items done, deliverables accepted, nothing blocked,
    no open high risk.

    Open high risks come from the register; readiness results join when assessments exist.
    """
    items = [i for i in phases.phase_items(phase.id) if i.removed_at is None]
    mandatory = [i for i in items if i.mandatory and i.status != ItemStatus.NOT_APPLICABLE]
    mandatory_open = [localized(i, "title") for i in mandatory if i.status != ItemStatus.DONE]
    deliverables = [d for d in phases.phase_deliverables(phase.id) if d.removed_at is None]
    not_accepted = [localized(d, "title") for d in deliverables if d.status != DeliverableStatus.ACCEPTED]
    blocked = [localized(i, "title") for i in items if i.status == ItemStatus.BLOCKED]
    high = [r.title for r in risks.open_high_risks(phase.project_id)]
    criteria = [
        _criterion("mandatory_done", _("Mandatory checklist items done"), mandatory_open, of=len(mandatory)),
        _criterion("deliverables_accepted", _("Deliverables accepted"), not_accepted, of=len(deliverables)),
        _criterion("nothing_blocked", _("No blocked items"), blocked),
        _criterion("no_high_risks", _("No open high risks"), high),
    ]
    if phase.key in BLUEPRINT_PHASES:
        criteria.append(_blueprint_criterion(phase.project_id))
    for key, threshold in (phase.project.readiness_thresholds or {}).items():
        assessment, overall = readiness.latest_overall(phase.project_id, key)
        criteria.append(
            {
                "key": f"readiness:{key}",
                "label": _("Readiness (%(name)s) at least %(threshold)s", name=key, threshold=threshold),
                "met": overall is not None and overall >= threshold,
                "count": f"{overall if overall is not None else '—'} / 5",
                "open": [] if assessment else [_("No assessment answered yet.")],
            }
        )
    files = _files({"deliverables": deliverables, "items": items})
    return {"phase": phase.number, "phase_name": localized(phase, "name"), "criteria": criteria, "documents": files}


def _criterion(key: str, label: str, still_open: list, of: int | None = None) -> dict:
    """A criterion met when nothing is left open; counted as done/all when `of` is given, else as the open."""
    count = f"{of - len(still_open)}/{of}" if of is not None else str(len(still_open))
    return {"key": key, "label": label, "met": not still_open, "count": count, "open": still_open}


def _files(rows_by_kind: dict) -> list[dict]:
    """The evidence files attached to the phase's deliverables and items: one query a kind."""
    files = []
    for kind, rows in rows_by_kind.items():
        attached = documents.documents_of(kind, [row.id for row in rows])
        files += [
            {"of": localized(row, "title"), **listed}
            for row in rows
            for listed in documents.manifest(attached.get(row.id, []))
        ]
    return files


def _blueprint_criterion(project_id: int) -> dict:
    """Every process chosen for the blueprint has a to-be its owner approved; the approvals are listed."""
    chosen = [p for p in processes.processes(project_id) if p.in_blueprint]
    approved = {m.process_id: m for m in approvals.approvals(project_id)}
    return {
        "key": "to_be_approved",
        "label": _("Every blueprint process has an approved to-be"),
        "met": bool(chosen) and all(p.id in approved for p in chosen),
        "count": f"{sum(p.id in approved for p in chosen)}/{len(chosen)}",
        "open": [p.name for p in chosen if p.id not in approved] or ([] if chosen else [_("No process chosen yet.")]),
        "done": [
            _(
                "%(process)s: to-be r%(n)d approved by %(who)s on %(when)s",
                process=m.process.name,
                n=m.revision,
                who=m.approved_by.display_name if m.approved_by else "—",
                when=m.approved_at.date().isoformat(),
            )
            for m in approved.values()
        ],
    }


def criteria_met(evidence_: dict) -> bool:
    return all(c["met"] for c in evidence_["criteria"])


def request_review(phase: Phase, *, requested_by: int, override_decision_id: int | None = None) -> Gate:
    """Freeze the evidence and put the gate to the committee; unmet criteria need an override decision."""
    if phase.status != PhaseStatus.IN_PROGRESS:
        raise ValidationFailed({"phase": _("Only a phase in progress can go to its gate.")})
    current = evidence(phase)
    met = criteria_met(current)
    if not met and not _decision_in_project(phase.project_id, override_decision_id):
        raise ValidationFailed(
            {"override_decision_id": _("Some criteria are not met: choose the steering decision that overrides them.")}
        )
    gate = Gate(
        project_id=phase.project_id,
        phase_id=phase.id,
        requested_by_id=requested_by,
        evidence=current,
        evidence_hash=hashlib.sha256(json.dumps(current, sort_keys=True, ensure_ascii=False).encode()).hexdigest(),
        criteria_met=met,
        override_decision_id=None if met else override_decision_id,
        committee=reviewing.committee_of(phase.project_id),
    )
    db.session.add(gate)
    phase.status = PhaseStatus.GATE_REVIEW
    db.session.flush()
    _tell(gate, Kind.REVIEW_REQUESTED, "gate_requested", gate.committee["reviewers"])
    return gate


def _tell(gate: Gate, kind: Kind, sentence: str, user_ids) -> None:
    notify(
        kind,
        sentence,
        project_id=gate.project_id,
        user_ids=user_ids,
        subject=gate,
        title={"zh": gate.phase.name_zh, "en": gate.phase.name_en},
        link=("gates.gate", {"project_id": gate.project_id, "number": gate.phase.number}),
    )


def review(gate: Gate, *, reviewer_id: int, decision: str, comment: str) -> GateReview:
    """A committee member's review; when the rule closes it, the phase closes (approved) or reopens (returned)."""
    entry = GateReview(project_id=gate.project_id, reviewer_id=reviewer_id, decision=decision, comment=comment)
    result = reviewing.record_review(gate, entry)
    if result == ReviewOutcome.APPROVED:
        gate.phase.status = PhaseStatus.CLOSED
        gate.phase.actual_end = gate.phase.actual_end or today()
    elif result == ReviewOutcome.RETURNED:
        gate.phase.status = PhaseStatus.IN_PROGRESS
    db.session.flush()
    if result:
        _tell(gate, Kind.REVIEW_CLOSED, f"gate_{result}", [gate.requested_by_id])
    return entry


def start_phase(phase: Phase, *, decision_id: int | None = None) -> None:
    """A phase starts when the one before it has closed, or earlier by a recorded steering decision."""
    if phase.status != PhaseStatus.NOT_STARTED:
        raise ValidationFailed({"phase": _("This phase has started already.")})
    previous = db.session.scalar(
        select(Phase).where(Phase.project_id == phase.project_id, Phase.number == phase.number - 1)
    )
    if (
        previous is not None
        and previous.status != PhaseStatus.CLOSED
        and not _decision_in_project(phase.project_id, decision_id)
    ):
        raise ValidationFailed(
            {
                "decision_id": _(
                    "The previous phase is not closed: choose the steering decision that starts this one early."
                )
            }
        )
    phase.status = PhaseStatus.IN_PROGRESS
    phase.actual_start = phase.actual_start or today()
    db.session.flush()


def _gates(*conditions) -> list[Gate]:
    return list(
        db.session.scalars(
            select(Gate)
            .options(
                selectinload(Gate.reviews).joinedload(GateReview.reviewer),
                joinedload(Gate.override_decision),
                joinedload(Gate.phase),
            )
            .where(*conditions)
            .order_by(Gate.requested_at, Gate.id)
        )
    )


def gates_of_phase(phase_id: int) -> list[Gate]:
    return _gates(Gate.phase_id == phase_id)


def gates_of_project(project_id: int) -> list[Gate]:
    """Every gate review of the project, oldest first, in one query (plus the reviews)."""
    return _gates(Gate.project_id == project_id)


def submitted_since(project_id: int) -> list:
    """When each gate now waiting for the committee was submitted."""
    return list(db.session.scalars(_submitted_statement(), {"project_id": project_id}))


@functools.cache
def _submitted_statement():
    # Built once (see docs/ARCHITECTURE.md, "Speed"): the overview runs it.
    return select(Gate.requested_at).where(
        Gate.project_id == bindparam("project_id"), Gate.outcome == ReviewOutcome.SUBMITTED
    )


def _waiting(user_id: int) -> tuple:
    return reviewing.waiting_for_review(Gate, Gate.reviews, user_id)


def waiting_for(user_id: int, project_ids: list[int]) -> list[Gate]:
    """Gates in these projects waiting for this steering member's review."""
    return listed_in(Gate, project_ids, *_waiting(user_id), load=(joinedload(Gate.phase),), order_by=(Gate.id,))


def waiting_rows(user_id: int):
    """The gates that wait for the user's review (a kind of their "my work", counted in the top bar)."""
    return rows_of(Gate, *_waiting(user_id))


GATES = ProjectRows(
    Gate,
    rows=gates_of_project,
    options=(
        selectinload(Gate.reviews),
        joinedload(Gate.phase),
    ),
)
