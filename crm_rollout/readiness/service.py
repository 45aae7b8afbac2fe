"""Readiness assessments: running a questionnaire, collecting independent answers, and reading the results."""

import functools
from collections import namedtuple
from dataclasses import dataclass, field
from datetime import date, timedelta
from statistics import fmean  # exact for the integer scores kept, and far faster than mean()

from sqlalchemy import Date, bindparam, exists, func, select
from sqlalchemy.orm import defer, selectinload

from crm_rollout.core.db import today
from crm_rollout.core.editing import check_version
from crm_rollout.core.errors import ValidationFailed, raise_if_errors
from crm_rollout.core.extensions import db
from crm_rollout.core.i18n import gettext as _
from crm_rollout.core.lookup import ProjectRows, belongs_to, listed_in, rows_of
from crm_rollout.core.permissions import COMMENT, Role, role_allows
from crm_rollout.core.reads import plain_rows
from crm_rollout.methodology import questionnaires
from crm_rollout.phases.models import Phase
from crm_rollout.projects.models import Membership, Project
from crm_rollout.readiness.models import RESPONDENT_GROUPS, Assessment, Response
from crm_rollout.risks import service as risks
from crm_rollout.steering import actions as steering_actions

# Respondents whose scores for one item lie this far apart see the world differently: flag it.
DISAGREEMENT_SPREAD = 3
# Items scoring this low on average propose a follow-up (a risk in the register).
LOW_SCORE = 2.5
MAX_EVIDENCE = 2000


def assessments(project_id: int) -> list[Assessment]:
    return list(
        db.session.scalars(
            select(Assessment)
            .options(selectinload(Assessment.responses).joinedload(Response.respondent))
            .where(Assessment.project_id == project_id)
            .order_by(Assessment.held_on.desc(), Assessment.id.desc())
        )
    )


# An assessment as `results` reads it, and one response of it: light tuples, not rows.
Run = namedtuple("Run", ("id", "questionnaire_key", "questionnaire", "responses"))
RunResponse = namedtuple("RunResponse", ("assessment_id", "respondent_group", "answers"))


def latest_runs(project_id: int, runs: int = 2) -> list[Run]:
    """The latest `runs` answered assessments of each questionnaire, the latest first, with their answers:
    what a trend needs, whatever the number of assessments held. Read as tuples in two statements built once:
    the overview's health index reads them on every view, and whole rows with their responses cost it a tenth
    of its time."""
    found = plain_rows(_latest_runs_statement(), {"project_id": project_id, "runs": runs}).all()
    answers = {row.id: [] for row in found}
    if answers:
        for response in plain_rows(_run_responses_statement(), {"ids": list(answers)}):
            answers[response.assessment_id].append(RunResponse._make(response))
    return [Run(*row, answers[row.id]) for row in found]


@functools.cache
def _run_responses_statement():
    return (
        select(*(getattr(Response, name) for name in RunResponse._fields))
        .where(Response.assessment_id.in_(bindparam("ids", expanding=True)))
        .order_by(Response.submitted_at)  # as Assessment.responses
    )


@functools.cache
def _latest_runs_statement():
    # Built once (see docs/ARCHITECTURE.md, "Speed").
    rank = (
        func.row_number()
        .over(partition_by=Assessment.questionnaire_key, order_by=(Assessment.held_on.desc(), Assessment.id.desc()))
        .label("rank")
    )
    answered = (
        select(Assessment.id, rank)
        .where(
            Assessment.project_id == bindparam("project_id"), exists().where(Response.assessment_id == Assessment.id)
        )
        .subquery()
    )
    return (
        select(Assessment.id, Assessment.questionnaire_key, Assessment.questionnaire)
        .join(answered, answered.c.id == Assessment.id)
        .where(answered.c.rank <= bindparam("runs"))
        .order_by(Assessment.held_on.desc(), Assessment.id.desc())
    )


def _as_the_project_says(project_id: int, template: dict) -> dict:
    """The questionnaire with the items and dimension weights of the project's method (kept with the
    assessment, so a later change of either never rewrites an assessment held)."""
    project = db.session.get(Project, project_id)
    weights = (project.readiness_weights or {}).get(template["key"], {})
    dimensions = [d | {"weight": weights.get(d["key"], d["weight"])} for d in template["dimensions"]]
    items = (project.readiness_items or {}).get(template["key"]) or template["items"]
    return template | {"dimensions": dimensions, "items": items}


def create_assessment(
    project_id: int, *, questionnaire_key: str, held_on, title: str = "", phase_id=None
) -> Assessment:
    errors = {}
    template = questionnaires().get(questionnaire_key)
    if template is None:
        errors["questionnaire_key"] = _("Choose a questionnaire.")
    if not isinstance(held_on, date):
        errors["held_on"] = _("Enter a date as YYYY-MM-DD.")
    if not belongs_to(Phase, project_id, phase_id):
        errors["phase_id"] = _("Choose a phase of this project.")
    raise_if_errors(errors)
    assessment = Assessment(
        project_id=project_id,
        questionnaire_key=questionnaire_key,
        questionnaire=_as_the_project_says(project_id, template),
        title=(title or "").strip() or f"{template['name_zh']} · {template['name_en']}",
        held_on=held_on,
        phase_id=phase_id,
    )
    db.session.add(assessment)
    db.session.flush()
    return assessment


def save_response(
    assessment: Assessment, *, respondent_id: int, group: str, answers: dict, expected_version: int | None = None
) -> Response:
    """Create or update one respondent's answers; a score of None means "don't know"."""
    errors = {}
    if group not in RESPONDENT_GROUPS:
        errors["group"] = _("Choose who you answer as.")
    items = {i["key"] for i in assessment.questionnaire["items"]}
    clean = {}
    for key, answer in answers.items():
        if key not in items:
            errors[key] = _("Unknown item.")
            continue
        score = answer.get("score")
        if score is not None and (not isinstance(score, int) or isinstance(score, bool) or not 1 <= score <= 5):
            errors[key] = _("Score it from 1 to 5, or say you do not know.")
        evidence = (answer.get("evidence") or "").strip()
        if len(evidence) > MAX_EVIDENCE:
            errors[key] = _("Keep the evidence under %(n)d characters.", n=MAX_EVIDENCE)
        clean[key] = {"score": score, "evidence": evidence}
    raise_if_errors(errors)
    response = next((r for r in assessment.responses if r.respondent_id == respondent_id), None)
    if response is None:
        response = Response(
            project_id=assessment.project_id, respondent_id=respondent_id, respondent_group=group, answers=clean
        )
        assessment.responses.append(response)
    else:
        # The caller's own answers: a PUT replaces them; the form sends the version it read, against a second tab.
        if expected_version is not None:
            check_version(response, expected_version)
        response.respondent_group = group
        response.answers = clean
    db.session.flush()
    return response


# --- Results ------------------------------------------------------------------------


@dataclass
class ItemResult:
    item: dict
    scores: list[int]
    dont_know: int

    @property
    def mean(self) -> float | None:
        return round(fmean(self.scores), 1) if self.scores else None

    @property
    def spread(self) -> int:
        return max(self.scores) - min(self.scores) if self.scores else 0

    @property
    def disagreement(self) -> bool:
        return self.spread >= DISAGREEMENT_SPREAD

    @property
    def low(self) -> bool:
        return self.mean is not None and self.mean <= LOW_SCORE


@dataclass
class Results:
    items: list[ItemResult]
    dimensions: dict[str, float | None]
    overall: float | None
    groups: dict[str, dict[str, float | None]] = field(default_factory=dict)
    respondents: int = 0


def _dimension_means(questionnaire: dict, responses: list) -> dict[str, float | None]:
    result = {}
    for dimension in questionnaire["dimensions"]:
        scores = [
            r.answers.get(i["key"], {}).get("score")
            for r in responses
            for i in questionnaire["items"]
            if i["dimension"] == dimension["key"]
        ]
        scores = [s for s in scores if s is not None]
        result[dimension["key"]] = round(fmean(scores), 2) if scores else None
    return result


def _weighted(questionnaire: dict, dimensions: dict) -> float | None:
    weighted = [
        (d["weight"], dimensions[d["key"]]) for d in questionnaire["dimensions"] if dimensions[d["key"]] is not None
    ]
    total = sum(w for w, _score in weighted)
    return round(sum(w * s for w, s in weighted) / total, 2) if total else None


ANSWERING_DAYS = 30  # an assessment asks for answers for a month after it is held


def _to_answer(user_id: int) -> tuple:
    """Recent assessments this user has not answered."""
    answered = select(Response.assessment_id).where(Response.respondent_id == user_id)
    # Evaluated when the query runs: the "my work" count's statement is built once and runs for days.
    since = bindparam("answering_since", callable_=lambda: today() - timedelta(days=ANSWERING_DAYS), type_=Date)
    return Assessment.held_on >= since, Assessment.id.not_in(answered)


def assessments_to_answer(user_id: int, project_ids: list[int]) -> list[Assessment]:
    """Recent assessments in these projects (where the user may answer) that this user has not answered."""
    load = (defer(Assessment.questionnaire),)  # a list of titles: the questionnaire is the heavy part
    return listed_in(Assessment, project_ids, *_to_answer(user_id), load=load, order_by=(Assessment.held_on,))


def rows_to_answer(user_id: int):
    """The assessments that wait for the user's answers (a kind of their "my work", counted in the top bar)."""
    answering = [role for role in Role.codes() if role_allows(role, COMMENT)]
    projects = select(Membership.project_id).where(Membership.user_id == user_id, Membership.role.in_(answering))
    return rows_of(Assessment, Assessment.project_id.in_(projects), *_to_answer(user_id))


def results(assessment: Assessment | Run) -> Results:
    """Per item (mean, spread, "don't know"), per dimension, overall weighted, and by respondent group."""
    questionnaire, responses = assessment.questionnaire, assessment.responses
    items = []
    for item in questionnaire["items"]:
        answers = [r.answers.get(item["key"]) for r in responses if item["key"] in r.answers]
        scores = [a["score"] for a in answers if a.get("score") is not None]
        items.append(ItemResult(item, scores, sum(1 for a in answers if a.get("score") is None)))
    dimensions = _dimension_means(questionnaire, responses)
    groups = {}
    for group in sorted({r.respondent_group for r in responses}):
        groups[group] = _dimension_means(questionnaire, [r for r in responses if r.respondent_group == group])
    return Results(items, dimensions, _weighted(questionnaire, dimensions), groups, len(responses))


def trend(project_id: int, questionnaire_key: str) -> list[tuple[Assessment, Results]]:
    """Every run of one questionnaire in the project, oldest first, with its results."""
    runs = [a for a in assessments(project_id) if a.questionnaire_key == questionnaire_key]
    return [(a, results(a)) for a in reversed(runs)]


def latest_overall(project_id: int, questionnaire_key: str) -> tuple[Assessment | None, float | None]:
    for assessment in assessments(project_id):
        if assessment.questionnaire_key == questionnaire_key and assessment.responses:
            return assessment, results(assessment).overall
    return None, None


def latest_by_project(project_ids: list[int]) -> dict[int, dict[str, tuple[Assessment, float | None]]]:
    """Each project's latest answered run of each questionnaire with its overall score (a programme's
    waves side by side), in two queries."""
    found = db.session.scalars(
        select(Assessment)
        .options(selectinload(Assessment.responses))
        .where(Assessment.project_id.in_(project_ids))
        .order_by(Assessment.held_on.desc(), Assessment.id.desc())
    ).all()
    latest: dict[int, dict[str, tuple[Assessment, float | None]]] = {pid: {} for pid in project_ids}
    for assessment in found:
        runs = latest[assessment.project_id]
        if assessment.responses and assessment.questionnaire_key not in runs:
            runs[assessment.questionnaire_key] = (assessment, results(assessment).overall)
    return latest


def _low_item(assessment: Assessment, item_key: str) -> ItemResult:
    result = next((r for r in results(assessment).items if r.item["key"] == item_key), None)
    if result is None:
        raise ValidationFailed({"item": _("Choose an item of this assessment.")})
    if not result.low:
        raise ValidationFailed({"item": _("Only low-scoring items propose a follow-up.")})
    return result


def follow_up_action(assessment: Assessment, item_key: str):
    """Turn a low-scoring item into an action for the steering committee's list, named after the item."""
    item = _low_item(assessment, item_key).item
    return steering_actions.create_action(
        assessment.project_id, title=f"{item['text_zh']} · {item['text_en']} ({assessment.title}, {assessment.held_on})"
    )


def follow_up_risk(assessment: Assessment, item_key: str):
    """Turn a low-scoring item into a risk in the register, linked back to the assessment and item."""
    result = _low_item(assessment, item_key)
    source = f"assessment:{assessment.id}:{item_key}"
    if any(r.source_key == source for r in risks.risks(assessment.project_id)):
        raise ValidationFailed({"item": _("This item has a follow-up risk already.")})
    item = result.item
    return risks.create_risk(
        assessment.project_id,
        title=f"{item['text_zh']} · {item['text_en']}",
        cause=f"{assessment.title} ({assessment.held_on.isoformat()}): {result.mean} / 5",
        category="other",
        probability=4,
        impact=3,
        status="open",
        source_key=source,
    )


def set_threshold(project, questionnaire_key: str, value: float | None) -> None:
    if questionnaire_key not in questionnaires():
        raise ValidationFailed({"questionnaire_key": _("Choose a questionnaire.")})
    if value is not None and not 1 <= value <= 5:
        raise ValidationFailed({"threshold": _("A threshold lies between 1 and 5.")})
    thresholds = dict(project.readiness_thresholds or {})
    if value is None:
        thresholds.pop(questionnaire_key, None)
    else:
        thresholds[questionnaire_key] = value
    project.readiness_thresholds = thresholds
    db.session.flush()


ASSESSMENTS = ProjectRows(
    Assessment,
    rows=assessments,
    create=create_assessment,
    options=(selectinload(Assessment.responses).joinedload(Response.respondent),),
)
