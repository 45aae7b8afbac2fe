"""Readiness assessments: run a questionnaire, answer it, read results with the radar chart, follow up."""

from flask import Blueprint, abort, flash, g, redirect, request, url_for
from flask_login import current_user

from crm_rollout.core import charts
from crm_rollout.core.errors import Conflict, ValidationFailed
from crm_rollout.core.extensions import db
from crm_rollout.core.forms import data_of, scoped
from crm_rollout.core.i18n import gettext as _
from crm_rollout.core.i18n import is_chinese
from crm_rollout.core.permissions import COMMENT, EDIT_CHECKLIST, EDIT_RISKS, MANAGE_PROJECT, VIEW
from crm_rollout.core.permissions import project_access as access
from crm_rollout.core.web import add_errors, flash_form_errors, render_project, run_action, save_form, svg_response
from crm_rollout.methodology import questionnaires
from crm_rollout.phases import service as phases
from crm_rollout.phases.forms import phase_choices
from crm_rollout.readiness import service
from crm_rollout.readiness.forms import GROUP_LABELS, AssessmentForm, ResponseForm, ThresholdForm

bp = Blueprint("readiness", __name__, url_prefix="/projects/<int:project_id>/readiness")
OPENING_FIELDS = ("questionnaire_key", "title", "held_on", "phase_id")  # what opening an assessment takes

# Running assessments belongs with editing the checklists: directors and consultants.
RUN_ASSESSMENTS = EDIT_CHECKLIST
# Answering belongs with commenting: everyone on the project but viewers.
ANSWER = COMMENT


def _name(data: dict) -> str:
    return data["name_zh"] if is_chinese() else data["name_en"]


def _questionnaire_choices():
    return [(key, _name(q)) for key, q in questionnaires().items()]


@bp.get("/")
@access(VIEW)
def assessments(project_id: int):
    form = AssessmentForm(formdata=None, questionnaire_key="ten_considerations")
    return _list_page(form)


def _list_page(form, status=200):
    form.questionnaire_key.choices = _questionnaire_choices()
    form.phase_id.choices = phase_choices(phases.summaries(g.project.id))
    threshold_form = ThresholdForm(formdata=None)
    threshold_form.questionnaire_key.choices = _questionnaire_choices()
    return render_project(
        "readiness/assessments.html",
        status,
        assessments=[(a, service.results(a)) for a in service.assessments(g.project.id)],
        form=form,
        threshold_form=scoped(threshold_form, "threshold"),
        repeated=_repeated(g.project.id),
        thresholds={
            _name(questionnaires()[k]): v
            for k, v in (g.project.readiness_thresholds or {}).items()
            if k in questionnaires()
        },
    )


def _repeated(project_id: int) -> list[tuple[str, str]]:
    """Questionnaires run at least twice, whose trend is worth drawing: (key, name)."""
    counts = {}
    for assessment in service.assessments(project_id):
        counts[assessment.questionnaire_key] = counts.get(assessment.questionnaire_key, 0) + 1
    return [(key, _name(questionnaires()[key])) for key, n in counts.items() if n > 1 and key in questionnaires()]


@bp.post("/")
@access(RUN_ASSESSMENTS)
def create(project_id: int):
    form = AssessmentForm()
    form.questionnaire_key.choices = _questionnaire_choices()
    form.phase_id.choices = []
    saved = save_form(
        form,
        lambda: service.create_assessment(
            project_id, **data_of(form, ("questionnaire_key", "title", "held_on", "phase_id"))
        ),
    )
    if saved:
        flash(_("Assessment opened: each respondent now scores it independently."), "success")
        return redirect(url_for("readiness.assessment", project_id=project_id, assessment_id=saved.value.id))
    return _list_page(form, 400)


@bp.post("/thresholds")
@access(MANAGE_PROJECT)
def threshold(project_id: int):
    form = ThresholdForm()
    form.questionnaire_key.choices = _questionnaire_choices()
    value = float(form.threshold.data) if form.threshold.data is not None else None
    if save_form(form, lambda: service.set_threshold(g.project, form.questionnaire_key.data, value)):
        flash(_("Threshold saved; phase gates show it as evidence."), "success")
    else:
        flash_form_errors(form)
    return redirect(url_for("readiness.assessments", project_id=project_id))


@bp.route("/<int:assessment_id>", methods=["GET", "POST"])
@access(VIEW, post=ANSWER)
def assessment(project_id: int, assessment_id: int):
    assessment = service.ASSESSMENTS.get(project_id, assessment_id)
    mine = next((r for r in assessment.responses if r.respondent_id == current_user.id), None)
    form = ResponseForm(
        formdata=None, group=mine.respondent_group if mine else _default_group(), version=mine.version if mine else ""
    )
    status = 200
    if request.method == "POST":
        form = ResponseForm()
        answers = _parse_answers(assessment)
        if form.validate_on_submit():
            try:
                service.save_response(
                    assessment,
                    respondent_id=current_user.id,
                    group=form.group.data,
                    answers=answers,
                    expected_version=int(form.version.data) if (form.version.data or "").isdigit() else None,
                )
            except ValidationFailed as error:
                add_errors(form, error.errors)
            except Conflict:
                form.form_errors.append(_("You changed these answers in another window; reload and try again."))
            else:
                db.session.commit()
                flash(_("Your answers are saved."), "success")
                return redirect(url_for("readiness.assessment", project_id=project_id, assessment_id=assessment_id))
        status = 400
    return render_project(
        "readiness/assessment.html",
        status,
        assessment=assessment,
        results=service.results(assessment),
        form=form,
        mine=mine.answers if mine else {},
        dimension_names={d["key"]: _name(d) for d in assessment.questionnaire["dimensions"]},
        group_labels=GROUP_LABELS,
        text=lambda item: item["text_zh"] if is_chinese() else item["text_en"],
        guidance=lambda item: item["guidance_zh"] if is_chinese() else item["guidance_en"],
        anchor=lambda n: assessment.questionnaire[f"anchor_{n}_{'zh' if is_chinese() else 'en'}"],
    )


def _default_group() -> str:
    return {"director": "director", "consultant": "consultant", "steering": "steering"}.get(g.role, "key_user")


def _parse_answers(assessment) -> dict:
    answers = {}
    for item in assessment.questionnaire["items"]:
        raw = request.form.get(f"score-{item['key']}", "")
        if not raw:
            continue  # not answered at all
        score = None if raw == "dk" else (int(raw) if raw.isdigit() else -1)
        answers[item["key"]] = {"score": score, "evidence": request.form.get(f"evidence-{item['key']}", "")}
    return answers


@bp.get("/<int:assessment_id>/radar.svg")
@access(VIEW)
def radar(project_id: int, assessment_id: int):
    assessment = service.ASSESSMENTS.get(project_id, assessment_id)
    result = service.results(assessment)
    dimensions = assessment.questionnaire["dimensions"]
    series = {_("All respondents"): [result.dimensions[d["key"]] for d in dimensions]}
    for group, scores in result.groups.items():
        series[str(GROUP_LABELS.get(group, group))] = [scores[d["key"]] for d in dimensions]
    data = {"title": assessment.title, "labels": [_name(d) for d in dimensions], "series": series}
    svg = charts.cached("radar", data, charts.radar_svg)
    return svg_response(svg)


@bp.get("/trend/<key>.svg")
@access(VIEW)
def trend(project_id: int, key: str):
    runs = service.trend(project_id, key)
    if not runs:
        abort(404)
    template = runs[-1][0].questionnaire
    series = {_("Overall"): [r.overall for _a, r in runs]}
    for dimension in template["dimensions"]:
        series[_name(dimension)] = [r.dimensions.get(dimension["key"]) for _a, r in runs]
    data = {
        "title": _name(template),
        "y": _("Score (1–5)"),
        "dates": [a.held_on.isoformat() for a, _r in runs],
        "series": series,
    }
    svg = charts.cached("trend", data, charts.trend_svg)
    return svg_response(svg)


@bp.post("/<int:assessment_id>/follow-up")
@access(EDIT_RISKS)
def follow_up(project_id: int, assessment_id: int):
    assessment = service.ASSESSMENTS.get(project_id, assessment_id)
    as_action = request.form.get("as") == "action"
    follow_up = service.follow_up_action if as_action else service.follow_up_risk
    run_action(
        lambda: follow_up(assessment, request.form.get("item", "")),
        done=_("An action is on the steering committee's list.")
        if as_action
        else _("A risk is in the register for this item."),
    )
    return redirect(url_for("readiness.assessment", project_id=project_id, assessment_id=assessment_id))
