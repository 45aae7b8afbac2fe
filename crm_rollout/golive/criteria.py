"""The go-live criteria, each read from the project's own data where it can be.

A criterion is a plain dict (it is frozen into the pack as JSON): key, label, met, count, the things still
open, and where it comes from. Owned criteria are confirmed by their owner; any criterion may be waived,
but only by a recorded steering decision.
"""

from sqlalchemy import select

from crm_rollout.core.extensions import db
from crm_rollout.core.i18n import gettext as _
from crm_rollout.core.i18n import localized
from crm_rollout.cutover import runs as cutover_runs
from crm_rollout.cutover import service as cutover
from crm_rollout.gates import service as gates
from crm_rollout.migration import service as migration
from crm_rollout.phases import service as phases
from crm_rollout.phases.labels import ItemStatus
from crm_rollout.processes import service as processes
from crm_rollout.processes.labels import TestResult
from crm_rollout.processes.models import PrototypeTest
from crm_rollout.readiness import service as readiness
from crm_rollout.risks import service as risks
from crm_rollout.steering.labels import ReviewOutcome
from crm_rollout.training import service as training

BEFORE_GO_LIVE = range(1, 8)  # phases 1–7: everything before the cut-over must be behind the project


def _criterion(key: str, label: str, still_open: list, count: str, *, met: bool | None = None) -> dict:
    return {
        "key": key,
        "label": label,
        "met": (not still_open) if met is None else met,
        "count": count,
        "open": [str(x) for x in still_open[:20]]
        + ([_("… and %(n)d more", n=len(still_open) - 20)] if len(still_open) > 20 else []),
        "source": "data",
        # What an owned criterion adds (golive.service), empty here so every criterion has one shape.
        "owner": None,
        "comment": "",
        "confirmed_at": None,
        "id": None,
    }


def checklists(project_id: int) -> dict:
    mandatory = [
        i
        for i in phases.project_items(project_id)
        if i.mandatory and i.phase.number in BEFORE_GO_LIVE and i.status != ItemStatus.NOT_APPLICABLE
    ]
    still = [f"{i.phase.number}. {localized(i, 'title')}" for i in mandatory if i.status != ItemStatus.DONE]
    return _criterion(
        "checklists",
        _("Mandatory checklist items of phases 1–7 done"),
        still,
        f"{len(mandatory) - len(still)}/{len(mandatory)}",
    )


def prototype_tests(project_id: int) -> dict:
    chosen = [p for p in processes.processes(project_id) if p.in_blueprint]
    latest = {}
    for test in db.session.scalars(
        select(PrototypeTest)
        .where(PrototypeTest.project_id == project_id)
        .order_by(PrototypeTest.held_on, PrototypeTest.id)
    ):
        latest[test.process_id] = test
    still = [
        _("%(process)s: not tested", process=p.name)
        if p.id not in latest
        else _("%(process)s: failed “%(scenario)s”", process=p.name, scenario=latest[p.id].scenario)
        for p in chosen
        if p.id not in latest or latest[p.id].result == TestResult.FAIL
    ]
    passed = len(chosen) - len(still)
    return _criterion(
        "prototype_tests",
        _("Every blueprint process passed its latest prototype test"),
        still or ([] if chosen else [_("No process chosen for the blueprint.")]),
        f"{passed}/{len(chosen)}",
    )


def readiness_scores(project) -> dict:
    still, shown = [], []
    for key, threshold in (project.readiness_thresholds or {}).items():
        _assessment, overall = readiness.latest_overall(project.id, key)
        shown.append(f"{overall if overall is not None else '—'}/{threshold}")
        if overall is None or overall < threshold:
            still.append(
                _(
                    "%(name)s: %(score)s, at least %(threshold)s needed",
                    name=key,
                    score=overall if overall is not None else "—",
                    threshold=threshold,
                )
            )
    return _criterion(
        "readiness",
        _("Readiness scores at their thresholds"),
        still or ([] if shown else [_("No readiness threshold set: the project's settings take one.")]),
        ", ".join(shown) or "—",
    )


def trained(project_id: int, target: int) -> dict:
    reach = training.figures(project_id)
    share = reach.overall.share
    still = (
        []
        if share is not None and share >= target
        else [_("%(share)s %% trained, %(target)d %% needed", share=share if share is not None else 0, target=target)]
    )
    still += [t.name for t, _missing in reach.untrained] if still else []
    return _criterion(
        "trained",
        _("At least %(target)d %% of users trained", target=target),
        still,
        f"{share if share is not None else '—'} %",
    )


def migration_reconciled(project_id: int) -> dict:
    standings, tolerance = migration.standings(project_id)
    still = [
        s.object.name
        + ": "
        + (_("no rehearsal load") if s.reconciled_in_last("rehearsal") is None else _("does not balance"))
        for s in standings
        if not s.reconciled_in_last("rehearsal")
    ]
    return _criterion(
        "migration",
        _("Every migration object balanced in its last rehearsal (tolerance %(t)s %%)", t=tolerance),
        still or ([] if standings else [_("No migration object listed.")]),
        f"{len(standings) - len(still)}/{len(standings)}",
    )


def rehearsal_in_window(project_id: int) -> dict:
    window = cutover.window_minutes(cutover.plan_of(project_id))
    last = cutover_runs.last_rehearsal(project_id)
    took = cutover_runs.took_minutes(last) if last else None
    if window is None:
        still = [_("No cut-over window set.")]
    elif last is None:
        still = [_("No rehearsal has run to its end.")]
    elif took > window:
        still = [
            _("%(run)s took %(took)d minutes; the window has %(window)d.", run=last.name, took=took, window=window)
        ]
    else:
        still = []
    return _criterion(
        "rehearsal",
        _("The last rehearsal fitted the cut-over window"),
        still,
        f"{took if took is not None else '—'}/{window if window is not None else '—'} min",
    )


def risks_mitigated(project_id: int) -> dict:
    high = risks.open_high_risks(project_id)
    still = [r.title for r in high if not (r.mitigation or "").strip()]
    return _criterion(
        "risks",
        _("No open high risk without a mitigation"),
        still,
        f"{len(high) - len(still)}/{len(high)}",
    )


def gates_approved(project_id: int) -> dict:
    latest = {}
    for gate in gates.gates_of_project(project_id):
        latest[gate.phase.number] = gate
    approved = {n for n, gate in latest.items() if gate.outcome == ReviewOutcome.APPROVED}
    names = {s.phase.number: localized(s.phase, "name") for s in phases.summaries(project_id)}
    still = [f"{n}. {names.get(n, '')}" for n in BEFORE_GO_LIVE if n in names and n not in approved]
    return _criterion(
        "gates",
        _("Gates of phases 1–7 approved"),
        still,
        f"{len([n for n in BEFORE_GO_LIVE if n in approved])}/{len([n for n in BEFORE_GO_LIVE if n in names])}",
    )


def computed(project, trained_target: int) -> list[dict]:
    return [
        checklists(project.id),
        prototype_tests(project.id),
        readiness_scores(project),
        trained(project.id, trained_target),
        migration_reconciled(project.id),
        rehearsal_in_window(project.id),
        risks_mitigated(project.id),
        gates_approved(project.id),
    ]
