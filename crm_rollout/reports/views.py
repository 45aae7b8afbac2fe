"""Milestone reports: drafting, submitting, the committee's signed reviews, every version readable, PDF."""

import base64
import functools

from flask import Blueprint, Response, flash, g, redirect, render_template, request, url_for
from flask_login import current_user

from crm_rollout.core.forms import data_of, values_of
from crm_rollout.core.i18n import gettext as _
from crm_rollout.core.permissions import EDIT_REPORTS, REVIEW, VIEW
from crm_rollout.core.permissions import project_access as access
from crm_rollout.core.web import edit_of, form_page, render_project, run_action, save_form
from crm_rollout.milestones import service as milestones
from crm_rollout.projects import service as projects
from crm_rollout.reports import pdf, service, snapshot
from crm_rollout.reports.forms import NewReportForm, ReportForm, RuleForm
from crm_rollout.steering.forms import ReviewForm
from crm_rollout.steering.labels import ReviewOutcome
from crm_rollout.steering.signing import sign_review

bp = Blueprint("reports", __name__, url_prefix="/projects/<int:project_id>/reports")


def _milestone_choices(project_id: int):
    return [(None, _("— a reporting period —"))] + [(m.id, m.name) for m in milestones.milestones(project_id)]


@bp.get("/")
@access(VIEW)
def reports(project_id: int):
    form = NewReportForm(formdata=None)
    form.milestone_id.choices = _milestone_choices(project_id)
    return _list_page(form)


def _list_page(form, status=200):
    project_id = g.project.id
    return render_project(
        "reports/reports.html",
        status,
        reports=service.reports(project_id),
        waiting=service.waiting_for(current_user.id, [project_id]),
        form=form,
        rule_form=RuleForm(formdata=None, review_rule=g.project.review_rule),
    )


@bp.post("/")
@access(EDIT_REPORTS)
def create(project_id: int):
    form = NewReportForm()
    form.milestone_id.choices = _milestone_choices(project_id)
    saved = save_form(
        form, lambda: service.create_report(project_id, title=form.title.data, milestone_id=form.milestone_id.data)
    )
    if saved:
        return redirect(url_for("reports.report", project_id=project_id, report_id=saved.value.id))
    return _list_page(form, 400)


@bp.post("/rule")
@access(EDIT_REPORTS)
def set_rule(project_id: int):
    form = RuleForm()
    if save_form(form, lambda: service.set_review_rule(g.project, form.review_rule.data)):
        flash(_("Review rule saved; it applies to reviews from now on."), "success")
    return redirect(url_for("reports.reports", project_id=project_id))


@bp.route("/<int:report_id>", methods=["GET", "POST"])
@access(VIEW, post=EDIT_REPORTS)
def report(project_id: int, report_id: int):
    report = service.REPORTS.get(project_id, report_id)
    form = ReportForm(data=values_of(report, service.EDITABLE))
    form.milestone_id.choices = _milestone_choices(project_id)

    def page(status):
        latest = report.versions[-1] if report.versions else None
        return render_project(
            "reports/report.html",
            status,
            report=report,
            form=form,
            conflict=form.conflict,
            latest=latest,
            names=_reviewer_names(project_id),
            missing=service.missing_reviewers(latest) if latest and latest.outcome == ReviewOutcome.SUBMITTED else [],
            review_form=ReviewForm(formdata=None),
            can_review=_can_review(latest),
        )

    return form_page(
        form,
        edit_of(service.update_report, report, form, data_of(form, service.EDITABLE)),
        saved=_("Draft saved."),
        to=url_for("reports.report", project_id=project_id, report_id=report_id),
        page=page,
    )


def _reviewer_names(project_id: int) -> dict:
    return dict(projects.member_names(project_id))


def _can_review(version) -> bool:
    return (
        version is not None
        and version.outcome == ReviewOutcome.SUBMITTED
        and REVIEW in g.permissions
        and all(r.reviewer_id != current_user.id for r in version.reviews)
    )


@bp.post("/<int:report_id>/submit")
@access(EDIT_REPORTS)
def submit(project_id: int, report_id: int):
    report = service.REPORTS.get(project_id, report_id)
    run_action(
        lambda: service.submit(
            report,
            expected_version=request.form.get("version", type=int),
            submitted_by=current_user.id,
            computed=snapshot.computed_content(g.project),
        ),
        done=lambda version: _("Version %(n)d submitted to the steering committee and frozen.", n=version.number),
        conflict=_("Someone else changed the draft meanwhile; check it and submit again."),
    )
    return redirect(url_for("reports.report", project_id=project_id, report_id=report_id))


def _version_html(project_id: int, report_id: int, number: int, *, for_pdf: bool) -> tuple:
    report = service.REPORTS.get(project_id, report_id)
    version = service.get_version(report, number)
    html = render_template(
        "reports/version.html",
        report=report,
        version=version,
        content=version.content,
        verified=service.verify(version),
        charts=_chart_uris(version),
        names=_reviewer_names(project_id),
        for_pdf=for_pdf,
        can_review=not for_pdf and _can_review(version),
        review_form=ReviewForm(formdata=None),
    )
    return report, version, html


def _chart_uris(version) -> dict:
    """Frozen chart SVGs as data URIs: the page and the PDF show exactly what was submitted."""
    return {
        name: "data:image/svg+xml;base64," + base64.b64encode(svg.encode()).decode()
        for name, svg in version.content["computed"]["charts"].items()
    }


@bp.get("/<int:report_id>/versions/<int:number>")
@access(VIEW)
def version(project_id: int, report_id: int, number: int):
    return _version_html(project_id, report_id, number, for_pdf=False)[2]


@bp.get("/<int:report_id>/versions/<int:number>.pdf")
@access(VIEW)
def version_pdf(project_id: int, report_id: int, number: int):
    report, version, html = _version_html(project_id, report_id, number, for_pdf=True)
    filename = f"report-{report.id}-v{version.number}-{version.content_hash[:8]}.pdf"
    return Response(
        pdf.html_to_pdf(html),
        mimetype="application/pdf",
        headers={"Content-Disposition": f'inline; filename="{filename}"'},
    )


@bp.post("/<int:report_id>/versions/<int:number>/review")
@access(REVIEW)
def review(project_id: int, report_id: int, number: int):
    version = service.get_version(service.REPORTS.get(project_id, report_id), number)
    sign_review(functools.partial(service.review, version))
    return redirect(url_for("reports.report", project_id=project_id, report_id=report_id))
