"""A programme's waves side by side: where each stands, their milestones on one timeline, the worst risks,
readiness, the benefits scorecard (summed where a KPI adds up) and the people shared between waves.

A fixed number of queries whatever the number of waves: every domain is read for all the waves at once.
"""

from dataclasses import dataclass, field

from crm_rollout.core.db import today
from crm_rollout.core.i18n import gettext as _
from crm_rollout.core.i18n import localized
from crm_rollout.methodology import questionnaires
from crm_rollout.milestones import service as milestones
from crm_rollout.milestones.labels import MilestoneStatus
from crm_rollout.phases import service as phases
from crm_rollout.programmes.models import Wave
from crm_rollout.readiness import service as readiness
from crm_rollout.risks import service as risks
from crm_rollout.scorecard import service as scorecard
from crm_rollout.team import service as team


@dataclass
class WaveLine:
    wave: Wave
    summaries: list
    overall: int | None
    current: object  # the phase where the wave stands, None once all are closed

    @property
    def project(self):
        return self.wave.project


@dataclass
class KpiLine:
    """One indicator as the waves define it (same name and unit): each wave's KPI, and the totals when it
    adds up in every wave."""

    name: str
    unit: str
    by_wave: dict = field(default_factory=dict)  # project id -> (Kpi, KpiStatus)
    summable: bool = True

    def total(self, attribute: str) -> float | None:
        if not self.summable:
            return None
        values = [getattr(kpi, attribute) for kpi, _state in self.by_wave.values()]
        return sum(values) if values else None

    @property
    def latest_total(self) -> float | None:
        """The sum of the waves' latest values, once every wave has measured it."""
        latest = [state.latest for _kpi, state in self.by_wave.values()]
        return sum(latest) if self.summable and latest and None not in latest else None


@dataclass
class Rollup:
    waves: list[WaveLine]
    milestones: dict  # project id -> its milestones
    risks: list
    readiness: dict  # project id -> {questionnaire key: (assessment, overall)}
    questionnaires: list  # (key, title) of every questionnaire a wave has answered
    kpis: list[KpiLine]
    shared_people: list
    names: dict  # project id -> "Wave n"


def rollup(waves: list[Wave]) -> Rollup:
    ids = [wave.project_id for wave in waves]
    summaries = phases.summaries_by_project(ids)
    lines = [
        WaveLine(
            w,
            summaries[w.project_id],
            phases.overall_progress(summaries[w.project_id]),
            phases.current_phase(summaries[w.project_id]),
        )
        for w in waves
    ]
    by_project = rollup_milestones(waves)
    latest = readiness.latest_by_project(ids)
    answered = {key for runs in latest.values() for key in runs}
    names = {key: localized(q, "name") for key, q in questionnaires().items()}
    return Rollup(
        waves=lines,
        milestones=by_project,
        risks=risks.worst_of_projects(ids),
        readiness=latest,
        questionnaires=[(key, names.get(key, key)) for key in sorted(answered)],
        kpis=_kpi_lines(scorecard.kpis_of_projects(ids)),
        shared_people=team.allocation_across(team.people_of_projects(ids)),
        names={wave.project_id: _("Wave %(n)d", n=wave.number) for wave in waves},
    )


def rollup_milestones(waves: list[Wave]) -> dict[int, list]:
    """Each wave's milestones that still count (not cancelled), by project id: one query."""
    by_project = {wave.project_id: [] for wave in waves}
    for milestone in milestones.milestones_of_projects(list(by_project)):
        if milestone.status != MilestoneStatus.CANCELLED:
            by_project[milestone.project_id].append(milestone)
    return by_project


def _kpi_lines(kpis: list) -> list[KpiLine]:
    """KPIs grouped by name and unit across the waves; a group adds up only if every wave says it does."""
    lines: dict[tuple, KpiLine] = {}
    for kpi in kpis:
        key = (kpi.name.strip().casefold(), kpi.unit.strip().casefold())
        line = lines.setdefault(key, KpiLine(kpi.name, kpi.unit))
        line.by_wave[kpi.project_id] = (kpi, scorecard.status(kpi))
        line.summable = line.summable and kpi.summable
    return sorted(lines.values(), key=lambda line: line.name.casefold())


def chart_data(waves: list[Wave], by_project: dict) -> dict:
    """Plain values for the waves' milestone chart (and its cache key)."""
    return {
        "title": _("The waves' milestones"),
        "legend": {
            "forecast": _("Forecast or actual"),
            "late": _("Later than its baseline"),
            "baseline": _("Baseline"),
            "today": _("Today"),
            "x": _("Month"),
        },
        "today": today().isoformat(),
        "groups": [
            {
                "label": _("Wave %(n)d", n=w.number),
                "milestones": [
                    {"name": m.name, "baseline": m.baseline_date.isoformat(), "expected": m.expected_date.isoformat()}
                    for m in by_project.get(w.project_id, [])
                ],
            }
            for w in waves
        ],
    }
