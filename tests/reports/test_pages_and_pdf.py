import io

import pytest
from pypdf import PdfReader
from sqlalchemy.orm.exc import StaleDataError

from crm_rollout.auth.models import User
from crm_rollout.core.extensions import db
from crm_rollout.projects import service as projects
from crm_rollout.projects.models import Project
from crm_rollout.reports import service
from crm_rollout.reports.models import Report
from tests.conftest import login
from tests.factories import MINIMAL_COMPUTED, PASSWORD, make_user


def _report(app, report_id):
    with app.app_context():
        return db.session.get(Report, report_id)


def test_director_drafts_submits_and_the_version_is_frozen(app, login_as, world):
    client = login_as("director")
    created = client.post(f"/projects/{world.project_id}/reports/", data={"title": "蓝图阶段报告 Blueprint report"})
    assert created.status_code == 302
    url = created.headers["Location"]
    report_id = int(url.rstrip("/").rsplit("/", 1)[1])
    version = _report(app, report_id).version
    data = {
        "title": "蓝图阶段报告 Blueprint report",
        "overall_rag": "amber",
        "schedule_rag": "amber",
        "schedule_reason": "延期一周 One week late",
        "scope_rag": "green",
        "resources_rag": "red",
        "resources_reason": "IT 人员不足",
        "quality_rag": "green",
        "achievements": "完成投诉处理目标流程",
        "version": version,
    }
    assert client.post(url, data=data).status_code == 302
    assert client.post(f"{url}/submit", data={"version": _report(app, report_id).version}).status_code == 302
    report = _report(app, report_id)
    assert report.status == "submitted"
    with app.app_context():
        frozen = service.REPORTS.get(world.project_id, report_id).versions[0]
        assert frozen.content["schedule_reason"] == "延期一周 One week late"
        assert {"timeline", "burnup", "slippage"} <= set(frozen.content["computed"]["charts"])
        assert service.verify(frozen)
    page = client.get(f"{url}/versions/1").get_data(as_text=True)
    assert frozen.content_hash in page and "延期一周" in page
    stale = client.post(url, data=data)
    assert stale.status_code in (400, 409)  # a submitted report cannot be edited


def test_the_pdf_carries_the_text_in_chinese_and_the_hash(app, login_as, world):
    client = login_as("viewer")
    with app.app_context():
        report = db.session.get(Report, world.report_id)
        version_hash = report.versions[0].content_hash
    response = client.get(f"/projects/{world.project_id}/reports/{world.report_id}/versions/1.pdf")
    assert response.status_code == 200 and response.mimetype == "application/pdf"
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(response.data)).pages)
    assert "Kickoff report" in text
    assert version_hash[:16] in text.replace("\n", "")
    zh = app.test_client()
    login(zh, "viewer")
    zh_pdf = zh.get(
        f"/projects/{world.project_id}/reports/{world.report_id}/versions/1.pdf", headers={"Accept-Language": "zh-CN"}
    )
    zh_text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(zh_pdf.data)).pages)
    assert "进度" in zh_text  # "Progress" heading, rendered with a CJK font and extractable


def test_steering_members_sign_with_their_password(app, login_as, world):
    client = login_as("steering")
    url = f"/projects/{world.project_id}/reports/{world.report_id}"
    page = client.get(url).get_data(as_text=True)
    assert "Sign my review" in page
    wrong = client.post(
        f"{url}/versions/1/review", data={"decision": "approve", "password": "not-it"}, follow_redirects=True
    )
    assert "not your password" in wrong.get_data(as_text=True)
    with app.app_context():
        assert service.REPORTS.get(world.project_id, world.report_id).versions[0].reviews == []
    client.post(f"{url}/versions/1/review", data={"decision": "approve", "password": PASSWORD})
    with app.app_context():
        version = service.REPORTS.get(world.project_id, world.report_id).versions[0]
        # The only steering member of the world: a majority of one closes it.
        assert [r.decision for r in version.reviews] == ["approve"] and version.outcome == "approved"


def test_consultants_cannot_review(app, client, world):
    login(client, "consultant")
    response = client.post(
        f"/projects/{world.project_id}/reports/{world.report_id}/versions/1/review",
        data={"decision": "approve", "password": PASSWORD},
    )
    assert response.status_code == 403


def test_two_reviews_racing_to_close_one_version_produce_one_outcome(app, world):
    """A reviewer whose page was read before another review landed cannot decide on stale state."""
    with app.app_context():
        make_user("gm2")
        projects.add_member(db.session.get(Project, world.project_id), login="gm2", role="steering")
        # Submitted once both members sit on the committee: both review it.
        report = service.create_report(world.project_id, title="Two reviewers")
        service.submit(
            report, expected_version=report.version, submitted_by=world.users["director"], computed=MINIMAL_COMPUTED
        )
        db.session.commit()
        report_id = report.id
        second_id = db.session.scalar(db.select(User.id).where(User.username == "gm2"))
    with app.app_context():
        stale = service.REPORTS.get(world.project_id, report_id).versions[0]
        assert stale.reviews == [] and stale.report is not None
        db.session.expunge_all()  # keep what was read, end the read
        db.session.close()
        with app.app_context():  # meanwhile, the other member's review lands
            fresh = service.REPORTS.get(world.project_id, report_id).versions[0]
            service.review(fresh, reviewer_id=second_id, decision="approve", comment="")
            db.session.commit()
        db.session.add(stale)
        with pytest.raises(StaleDataError):
            service.review(stale, reviewer_id=world.users["steering"], decision="approve", comment="")
        db.session.rollback()
    with app.app_context():
        version = service.REPORTS.get(world.project_id, report_id).versions[0]
        assert version.outcome == "submitted" and len(version.reviews) == 1


def test_a_stale_draft_save_gets_409_and_keeps_what_was_typed(app, login_as, world):
    client = login_as("director")
    created = client.post(f"/projects/{world.project_id}/reports/", data={"title": "Draft report"})
    url = created.headers["Location"]
    report_id = int(url.rstrip("/").rsplit("/", 1)[1])
    version = _report(app, report_id).version
    base = {
        "title": "Draft report",
        "overall_rag": "green",
        "schedule_rag": "green",
        "scope_rag": "green",
        "resources_rag": "green",
        "quality_rag": "green",
        "version": version,
    }
    assert client.post(url, data=base | {"achievements": "First save"}).status_code == 302
    stale = client.post(url, data=base | {"achievements": "My stale words"})
    assert stale.status_code == 409
    html = stale.get_data(as_text=True)
    assert "My stale words" in html and "Someone else saved this draft" in html
    assert _report(app, report_id).achievements == "First save"
