"""The lessons log: recorded from the page and the API, edited with conflict detection, listed by phase."""

import re

from crm_rollout.core.audit import AuditEntry
from crm_rollout.core.extensions import db
from crm_rollout.lessons.models import Lesson
from tests.api.conftest import bearer  # noqa: F401  (a fixture)


def _csrf(client, url: str) -> str:
    return re.search(r'name="csrf_token"[^>]*value="([^"]+)"', client.get(url).get_data(as_text=True)).group(1)


def test_a_member_records_a_lesson_and_everyone_reads_it_under_its_phase(app, client, login_as, world):
    login_as("member")
    url = f"/projects/{world.project_id}/lessons/"
    with app.app_context():
        phase_id = db.session.get(Lesson, world.lesson_id).phase_id
    answer = client.post(
        url,
        data={
            "csrf_token": _csrf(client, url),
            "title": "数据清洗应提前两个月开始",
            "phase_id": str(phase_id),
            "category": "data",
            "what_happened": "Duplicates found in the trial load.",
            "learned": "",
            "next_time": "Start cleansing in phase 3.",
        },
    )
    assert answer.status_code == 302
    client.post("/logout")
    login_as("viewer")
    page = client.get(url).get_data(as_text=True)
    assert "数据清洗应提前两个月开始" in page and "Sponsor briefed too late" in page
    assert page.index("Sponsor briefed too late") > page.index('<h2 id="lessons-1"')
    assert 'name="title"' not in page  # a viewer reads only
    with app.app_context():
        lesson = db.session.scalar(db.select(Lesson).where(Lesson.title == "数据清洗应提前两个月开始"))
        assert (lesson.category, lesson.next_time) == ("data", "Start cleansing in phase 3.")
        entry = db.session.scalar(db.select(AuditEntry).where(AuditEntry.entity_type == "lessons"))
        assert entry is not None


def test_an_empty_lesson_is_refused_and_a_stale_edit_is_a_conflict(app, client, login_as, world):
    login_as("consultant")
    url = f"/projects/{world.project_id}/lessons/"
    refused = client.post(url, data={"csrf_token": _csrf(client, url), "title": "  ", "category": "other"})
    assert refused.status_code == 400
    edit = f"/projects/{world.project_id}/lessons/{world.lesson_id}"
    token = _csrf(client, edit)
    with app.app_context():
        version = db.session.get(Lesson, world.lesson_id).version
    form = {
        "csrf_token": token,
        "title": "Sponsor briefed in week 1",
        "category": "leadership",
        "version": str(version),
    }
    assert client.post(edit, data=form).status_code == 302
    stale = client.post(edit, data=form | {"title": "An older edit"})
    assert stale.status_code == 409
    with app.app_context():
        assert db.session.get(Lesson, world.lesson_id).title == "Sponsor briefed in week 1"


def test_the_api_lists_creates_and_patches_lessons_of_its_project_only(client, world, bearer):  # noqa: F811
    headers = bearer("consultant")
    listed = client.get(f"/api/v1/projects/{world.project_id}/lessons", headers=headers).get_json()
    assert [lesson["id"] for lesson in listed] == [world.lesson_id]
    created = client.post(
        f"/api/v1/projects/{world.project_id}/lessons", headers=headers, json={"title": "Train key users first"}
    )
    assert created.status_code == 201 and created.get_json()["category"] == "other"
    bad = client.post(
        f"/api/v1/projects/{world.project_id}/lessons", headers=headers, json={"title": "x", "category": "gossip"}
    )
    assert bad.status_code == 422
    other = client.get(f"/api/v1/projects/{world.other_project_id}/lessons", headers=headers)
    assert other.status_code == 404
    lesson = created.get_json()
    patched = client.patch(
        f"/api/v1/lessons/{lesson['id']}", headers=headers, json={"learned": "Key users teach best.", "version": 1}
    )
    assert patched.status_code == 200 and patched.get_json()["learned"] == "Key users teach best."
    assert client.get(f"/api/v1/projects/{world.project_id}/lessons", headers=bearer("viewer")).status_code == 200
