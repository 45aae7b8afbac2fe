"""The signals of a project's health index: each reads what the tool already knows, weighs it and says why.

Each signal loses up to its weight (the weights add up to 100) and explains the loss in words a director can
act on. `value` is the signal's own measure (days, counts), kept in the daily snapshot so that a later day
can say whether it got better or worse.
"""

from dataclasses import dataclass
from datetime import date, timedelta
from functools import cached_property

from flask_babel import ngettext

from crm_rollout.core.i18n import gettext as _
from crm_rollout.core.i18n import lazy_text as _l
from crm_rollout.gates import service as gates
from crm_rollout.milestones import service as milestones
from crm_rollout.phases import service as phases
from crm_rollout.readiness import service as readiness
from crm_rollout.risks import service as risks
from crm_rollout.scorecard import service as scorecard
from crm_rollout.steering import actions as steering_actions
from crm_rollout.steering import service as steering
from crm_rollout.team import health as team_health
from crm_rollout.team import service as team

GO_LIVE_PHASE = 8  # the cut-over: benefits need their baseline before it
GATE_PATIENCE_DAYS = 7  # a gate waiting longer than this for the committee starts to cost


@dataclass
class Signal:
    key: str
    weight: int
    penalty: float  # 0 (all well) … 1 (as bad as it gets)
    value: float
    reason: str

    @property
    def lost(self) -> int:
        return round(self.weight * min(1.0, max(0.0, self.penalty)))


class Reads:
    """What the signals read that the overview shows too, each read once: the overview builds one, reads from
    it, and hands it to the index."""

    def __init__(self, project):
        self.project = project

    @cached_property
    def summaries(self) -> list:
        return phases.summaries(self.project.id)

    @cached_property
    def people(self) -> list:
        return team.people_for_rules(self.project.id)

    @cached_property
    def team_checks(self) -> list:
        return team_health.health_checks(self.project, self.people)

    @cached_property
    def overdue_due_dates(self) -> list:  # the overview counts them
        return phases.overdue_due_dates(self.project.id)

    @cached_property
    def overdue_actions(self) -> list:
        return steering_actions.overdue_actions(self.project.id)


LABELS = {
    "milestones": _l("Milestone slippage"),
    "overdue_items": _l("Overdue checklist items"),
    "overdue_actions": _l("Overdue steering actions"),
    "gates": _l("Gates waiting for the committee"),
    "readiness": _l("Readiness"),
    "team": _l("Team health rules"),
    "risks": _l("High risks without mitigation"),
    "kpis": _l("Benefits without a baseline"),
    "sponsor": _l("Sponsor at steering meetings"),
}


def _trend(now: float, earlier: float | None, worse_when_higher: bool = True) -> str:
    if earlier is None or now == earlier:
        return ""
    worse = now > earlier if worse_when_higher else now < earlier
    return " " + (
        _("(worse than %(v)s a week ago)", v=_num(earlier))
        if worse
        else _("(better than %(v)s a week ago)", v=_num(earlier))
    )


def _num(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else f"{value:.1f}"


def milestone_slippage(reads: Reads, today: date, earlier) -> Signal:
    open_ = milestones.open_dates(reads.project.id)
    late = [(expected - baseline).days for baseline, expected in open_ if expected > baseline]  # days late
    if not late:
        return Signal("milestones", 20, 0, 0, _("No open milestone is later than its baseline."))
    average = sum(late) / len(late)
    penalty = len(late) / len(open_) * 0.5 + min(1, average / 30) * 0.5
    reason = _(
        "%(n)d of %(all)d open milestones are later than their baseline, by %(days)s days on average.",
        n=len(late),
        all=len(open_),
        days=_num(round(average, 1)),
    ) + _trend(round(average, 1), earlier)
    return Signal("milestones", 20, penalty, round(average, 1), reason)


def _overdue(key: str, weight: int, due_dates: list, today: date, earlier, *, many: int, words) -> Signal:
    """Late work costs by how much there is (`many` of it costs the count's whole share) and by its age (a
    month late costs the age's); `words(count, days)` says it."""
    ages = [(today - due).days for due in due_dates]
    age = sum(ages) / len(ages)
    penalty = min(1, len(ages) / many) * 0.6 + min(1, age / 30) * 0.4
    return Signal(key, weight, penalty, len(ages), words(len(ages), _num(round(age))) + _trend(len(ages), earlier))


def overdue_items(reads: Reads, today: date, earlier) -> Signal:
    due_dates = reads.overdue_due_dates
    if not due_dates:
        return Signal("overdue_items", 15, 0, 0, _("No checklist item is overdue."))
    return _overdue(
        "overdue_items",
        15,
        due_dates,
        today,
        earlier,
        many=10,
        words=lambda n, days: ngettext(
            "%(num)d checklist item is overdue, for %(days)s days.",
            "%(num)d checklist items are overdue, %(days)s days on average.",
            n,
            days=days,
        ),
    )


def overdue_actions(reads: Reads, today: date, earlier) -> Signal:
    late = reads.overdue_actions
    if not late:
        return Signal("overdue_actions", 10, 0, 0, _("No steering action is overdue."))
    return _overdue(
        "overdue_actions",
        10,
        [a.due_date for a in late],
        today,
        earlier,
        many=5,
        words=lambda n, days: ngettext(
            "%(num)d action of the committee is overdue, for %(days)s days.",
            "%(num)d actions of the committee are overdue, %(days)s days on average.",
            n,
            days=days,
        ),
    )


def gates_waiting(reads: Reads, today: date, earlier) -> Signal:
    waiting = [(today - submitted.date()).days for submitted in gates.submitted_since(reads.project.id)]
    overdue_days = sum(max(0, days - GATE_PATIENCE_DAYS) for days in waiting)
    if not waiting:
        return Signal("gates", 10, 0, 0, _("No gate is waiting for the committee."))
    longest = max(waiting)
    reason = ngettext(
        "%(num)d gate waits for the committee, for %(days)d days.",
        "%(num)d gates wait for the committee, the longest for %(days)d days.",
        len(waiting),
        days=longest,
    )
    return Signal("gates", 10, min(1, overdue_days / 21), longest, reason)


def readiness_trend(reads: Reads, today: date, earlier) -> Signal:
    problems, penalty = [], 0.0
    runs, disagreements = {}, {}
    for assessment in readiness.latest_runs(reads.project.id, 2):  # the latest first
        results = readiness.results(assessment)
        runs.setdefault(assessment.questionnaire_key, []).append(results.overall)
        disagreements.setdefault(assessment.questionnaire_key, sum(i.disagreement for i in results.items))
    for key, threshold in (reads.project.readiness_thresholds or {}).items():
        scores = runs.get(key, [])
        if scores and scores[0] is not None and scores[0] < threshold:
            problems.append(
                _("%(name)s at %(score)s, below %(threshold)s", name=key, score=scores[0], threshold=threshold)
            )
            penalty += 0.6
        if len(scores) >= 2 and None not in scores[:2] and scores[0] < scores[1]:
            problems.append(_("%(name)s fell from %(before)s to %(now)s", name=key, before=scores[1], now=scores[0]))
            penalty += 0.4
    for key, count in disagreements.items():
        if count:  # people who see the same project very differently: someone is not being told something
            problems.append(
                ngettext(
                    "%(name)s: the respondents disagree on %(num)d item",
                    "%(name)s: the respondents disagree on %(num)d items",
                    count,
                    name=key,
                )
            )
            penalty += min(0.4, 0.1 * count)
    if not problems:
        return Signal("readiness", 10, 0, 0, _("Readiness is at its thresholds, not falling, and agreed."))
    return Signal("readiness", 10, penalty, len(problems), "; ".join(problems) + ".")


def team_rules(reads: Reads, today: date, earlier) -> Signal:
    broken = [c for c in reads.team_checks if c.status != "ok"]
    if not broken:
        return Signal("team", 10, 0, 0, _("The team keeps every rule of the method."))
    penalty = sum(0.5 if c.status == "failed" else 0.25 for c in broken)
    return Signal(
        "team", 10, penalty, len(broken), _("Broken: %(rules)s.", rules="; ".join(str(c.title) for c in broken))
    )


def unmitigated_risks(reads: Reads, today: date, earlier) -> Signal:
    bare = risks.unmitigated_high(reads.project.id)
    if not bare:
        return Signal("risks", 10, 0, 0, _("Every open high risk has a mitigation."))
    reason = ngettext(
        "%(num)d open high risk has no mitigation: %(titles)s.",
        "%(num)d open high risks have no mitigation: %(titles)s.",
        len(bare),
        titles=", ".join(bare[:3]),
    ) + _trend(len(bare), earlier)
    return Signal("risks", 10, len(bare) / 3, len(bare), reason)


def kpis_without_baseline(reads: Reads, today: date, earlier) -> Signal:
    current = phases.current_phase(reads.summaries)
    if current is not None and current.number >= GO_LIVE_PHASE:
        return Signal("kpis", 5, 0, 0, _("Past go-live: the baselines are what they are."))
    kpis = scorecard.baselines(reads.project.id)
    if not kpis:
        return Signal(
            "kpis", 5, 1, 0, _("No benefit KPI is defined: nobody will be able to say whether the CRM paid off.")
        )
    # A baseline dated after today is an estimate waiting for its measurement.
    bare = [k for k in kpis if k.baseline_date > today]
    if not bare:
        return Signal("kpis", 5, 0, 0, _("Every KPI has its baseline measured before go-live."))
    reason = _(
        "%(n)d of %(all)d KPIs have no baseline measured yet: %(names)s.",
        n=len(bare),
        all=len(kpis),
        names=", ".join(k.name for k in bare[:3]),
    )
    return Signal("kpis", 5, len(bare) / len(kpis), len(bare), reason)


def sponsor_presence(reads: Reads, today: date, earlier) -> Signal:
    chairs = [p for p in reads.people if p.position == "chair"]
    if not chairs:
        return Signal("sponsor", 10, 1, 0, _("Nobody chairs the steering committee: the project has no sponsor."))
    held = steering.attended_by(reads.project.id, [c.id for c in chairs], today, last=3)
    if not held:
        return Signal("sponsor", 10, 0, 0, _("No steering meeting held yet."))
    missed = [present for present in held if not present]
    if not missed:
        return Signal("sponsor", 10, 0, 0, _("The sponsor attended the last %(n)d steering meetings.", n=len(held)))
    return Signal(
        "sponsor",
        10,
        len(missed) / len(held),
        len(missed),
        _("The sponsor missed %(n)d of the last %(all)d steering meetings.", n=len(missed), all=len(held)),
    )


SIGNALS = (
    ("milestones", milestone_slippage),
    ("overdue_items", overdue_items),
    ("overdue_actions", overdue_actions),
    ("gates", gates_waiting),
    ("readiness", readiness_trend),
    ("team", team_rules),
    ("risks", unmitigated_risks),
    ("kpis", kpis_without_baseline),
    ("sponsor", sponsor_presence),
)


def signals(reads: Reads, today: date, earlier: dict) -> list[Signal]:
    """Every signal, `earlier` holding each signal's value of a week ago (or nothing)."""
    return [signal(reads, today, earlier.get(key)) for key, signal in SIGNALS]


def a_week_before(day: date) -> date:
    return day - timedelta(days=7)
