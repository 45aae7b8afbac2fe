"""Milestone reports: drafting, freezing a version at submission, the committee's reviews and their outcome."""

import functools
import hashlib
import json
from datetime import date

from sqlalchemy import bindparam, func, select
from sqlalchemy.orm import joinedload, selectinload

from crm_rollout.core.editing import check_version
from crm_rollout.core.errors import NotFound, ValidationFailed, raise_if_errors
from crm_rollout.core.extensions import db
from crm_rollout.core.i18n import gettext as _
from crm_rollout.core.lookup import ProjectRows, belongs_to, listed_in, rows_of
from crm_rollout.documents import service as documents
from crm_rollout.milestones.models import Milestone
from crm_rollout.notifications.kinds import Kind
from crm_rollout.notifications.service import notify
from crm_rollout.projects.labels import ReviewRule
from crm_rollout.reports.labels import Rag, ReportStatus
from crm_rollout.reports.models import (
    RAG_AREAS,
    TEXT_FIELDS,
    Report,
    ReportVersion,
    Review,
)
from crm_rollout.steering import reviewing

EDITABLE = (
    "title",
    "milestone_id",
    "period_start",
    "period_end",
    "overall_rag",
    *TEXT_FIELDS,
    *tuple(f"{area}_{part}" for area in RAG_AREAS for part in ("rag", "reason")),
)


# --- Reading ------------------------------------------------------------------------


def reports(project_id: int) -> list[Report]:
    return list(
        db.session.scalars(
            select(Report)
            .options(selectinload(Report.versions).selectinload(ReportVersion.reviews), joinedload(Report.milestone))
            .where(Report.project_id == project_id)
            .order_by(Report.created_at.desc(), Report.id.desc())
        )
    )


def get_version(report: Report, number: int) -> ReportVersion:
    version = next((v for v in report.versions if v.number == number), None)
    if version is None:
        raise NotFound()
    return version


def _waiting(user_id: int) -> tuple:
    return reviewing.waiting_for_review(ReportVersion, ReportVersion.reviews, user_id)


def waiting_for(user_id: int, project_ids: list[int]) -> list[ReportVersion]:
    """Report versions in these projects waiting for this steering member's review."""
    load, order_by = (joinedload(ReportVersion.report),), (ReportVersion.submitted_at,)
    return listed_in(ReportVersion, project_ids, *_waiting(user_id), load=load, order_by=order_by)


def waiting_rows(user_id: int):
    """The report versions that wait for the user's review (a kind of their "my work", counted in the top
    bar)."""
    return rows_of(ReportVersion, *_waiting(user_id))


def latest_by_project(project_ids: list[int]) -> dict[int, ReportVersion]:
    """The newest submitted or decided version of each project (its RAG feeds overviews): one query."""
    if not project_ids:
        return {}
    newest = db.session.scalars(_latest_statement(), {"project_ids": project_ids})
    return {version.project_id: version for version in newest}  # one version a project, not all of them


@functools.cache
def _latest_statement():
    # Built once (see docs/ARCHITECTURE.md, "Speed"): every overview runs it.
    rank = (
        func.row_number()
        .over(
            partition_by=ReportVersion.project_id,
            order_by=(ReportVersion.submitted_at.desc(), ReportVersion.id.desc()),
        )
        .label("rank")
    )
    ranked = (
        select(ReportVersion.id, rank)
        .where(ReportVersion.project_id.in_(bindparam("project_ids", expanding=True)))
        .subquery()
    )
    return select(ReportVersion).join(ranked, ranked.c.id == ReportVersion.id).where(ranked.c.rank == 1)


# --- Drafting -----------------------------------------------------------------------


def _validate(project_id: int, values: dict) -> dict:
    errors = {}
    title = values.get("title")
    if not isinstance(title, str) or not title.strip():
        errors["title"] = _("Give the report a title.")
    for name in ("overall_rag", *(f"{a}_rag" for a in RAG_AREAS)):
        if name in values and values[name] not in Rag.codes():
            errors[name] = _("Choose green, amber or red.")
    for name in (f"{a}_reason" for a in RAG_AREAS):
        if len(values.get(name) or "") > 300:
            errors[name] = _("Keep it to one line (300 characters).")
    start, end = values.get("period_start"), values.get("period_end")
    if isinstance(start, date) and isinstance(end, date) and end < start:
        errors["period_end"] = _("The period ends before it starts.")
    if not belongs_to(Milestone, project_id, values.get("milestone_id")):
        errors["milestone_id"] = _("Choose a milestone of this project.")
    return errors


def create_report(project_id: int, **values) -> Report:
    values = {k: v for k, v in values.items() if k in EDITABLE}
    errors = _validate(project_id, values)
    raise_if_errors(errors)
    report = Report(project_id=project_id, **{k: v.strip() if isinstance(v, str) else v for k, v in values.items()})
    db.session.add(report)
    db.session.flush()
    return report


def update_report(report: Report, *, expected_version, changes: dict) -> Report:
    """Drafts and returned reports change; submitted and approved ones are frozen."""
    if not report.editable:
        raise ValidationFailed({"status": _("This report is under review or approved; it cannot change.")})
    changes = {k: v for k, v in changes.items() if k in EDITABLE}
    errors = _validate(report.project_id, {k: getattr(report, k) for k in EDITABLE} | changes)
    raise_if_errors(errors)
    check_version(report, expected_version)
    for name, value in changes.items():
        setattr(report, name, value.strip() if isinstance(value, str) and not name.endswith("_rag") else value)
    db.session.flush()
    return report


# --- Freezing -----------------------------------------------------------------------


def canonical_hash(content: dict) -> str:
    """SHA-256 of the content as canonical JSON: the same content always gives the same hash."""
    return hashlib.sha256(
        json.dumps(content, sort_keys=True, ensure_ascii=False, separators=(",", ":")).encode()
    ).hexdigest()


def verify(version: ReportVersion) -> bool:
    return canonical_hash(version.content) == version.content_hash


def submit(report: Report, *, expected_version, submitted_by: int, computed: dict) -> ReportVersion:
    """Freeze what the committee will see: the report's words plus `computed` (progress, milestones, charts)."""
    if not report.editable:
        raise ValidationFailed({"status": _("This report is under review or approved already.")})
    check_version(report, expected_version)
    annexes = documents.manifest(documents.documents_of("reports", [report.id]).get(report.id, []))
    content = {name: _plain(getattr(report, name)) for name in EDITABLE} | {"computed": computed, "annexes": annexes}
    version = ReportVersion(
        project_id=report.project_id,
        number=len(report.versions) + 1,
        content=content,
        content_hash=canonical_hash(content),
        submitted_by_id=submitted_by,
        committee=reviewing.committee_of(report.project_id),
    )
    report.versions.append(version)
    report.status = ReportStatus.SUBMITTED
    db.session.flush()
    notify(
        Kind.REVIEW_REQUESTED,
        "report_submitted",
        project_id=report.project_id,
        user_ids=version.committee["reviewers"],
        subject=version,
        title=f"{report.title} · v{version.number}",
        link=_version_link(version),
    )
    return version


def _version_link(version: ReportVersion) -> tuple[str, dict]:
    arguments = {"project_id": version.project_id, "report_id": version.report_id, "number": version.number}
    return "reports.version", arguments


def _plain(value):
    return value.isoformat() if isinstance(value, date) else value


# --- Reviewing ----------------------------------------------------------------------


def review(version: ReportVersion, *, reviewer_id: int, decision: str, comment: str) -> Review:
    entry = Review(project_id=version.project_id, reviewer_id=reviewer_id, decision=decision, comment=comment)
    result = reviewing.record_review(version, entry)
    if result:
        version.report.status = result
        db.session.flush()
        notify(
            Kind.REVIEW_CLOSED,
            f"report_{result}",
            project_id=version.project_id,
            user_ids=[version.submitted_by_id],
            subject=version,
            title=f"{version.report.title} · v{version.number}",
            link=_version_link(version),
        )
    return entry


def set_review_rule(project, rule: str) -> None:
    if rule not in ReviewRule.codes():
        raise ValidationFailed({"review_rule": _("Choose chair, majority or all.")})
    project.review_rule = rule
    db.session.flush()


def missing_reviewers(version: ReportVersion) -> list[int]:
    return reviewing.missing_reviewers(version)


REPORTS = ProjectRows(
    Report,
    rows=reports,
    create=create_report,
    update=update_report,
    options=(
        selectinload(Report.versions).selectinload(ReportVersion.reviews).joinedload(Review.reviewer),
        joinedload(Report.milestone),
    ),
)
