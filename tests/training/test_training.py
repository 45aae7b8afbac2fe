"""The training plan: courses for audiences, sessions, enrolment and attendance, and who is trained."""

from datetime import date

from crm_rollout.core.extensions import db
from crm_rollout.training import service as training
from crm_rollout.training.models import Enrolment
from tests.api.conftest import bearer  # noqa: F401  (a fixture)


def _trainees(app, world, *rows):
    with app.app_context():
        made = [training.create_trainee(world.project_id, name=n, department=d) for n, d in rows]
        db.session.commit()
        return [t.id for t in made]


def test_the_share_trained_counts_those_who_attended_and_passed_per_course_and_audience(app, world):
    _trainees(app, world, ("Zhang San", "sales"), ("Wang Fang", "Service"), ("Chen Jie", "Service"))
    with app.app_context():
        service_course = training.create_course(
            world.project_id, title="Service desk", audience="Service", pass_score=70
        )
        training.create_course(world.project_id, title="Logging in", audience="")
        session = training.create_session(world.project_id, course_id=service_course.id, held_on=date.today())
        people = {t.name: t.id for t in training.trainees(world.project_id)}
        rows = {e.trainee_id: e for e in training.enrol(session, [people["Wang Fang"], people["Chen Jie"]])}
        training.update_enrolment(
            rows[people["Wang Fang"]], expected_version=1, changes={"attended": True, "score": 85}
        )
        # Attended but failed the test, and not signed off: not trained.
        training.update_enrolment(rows[people["Chen Jie"]], expected_version=1, changes={"attended": True, "score": 40})
        db.session.commit()
        figures = training.figures(world.project_id)
        by_course = {course.title: reach for course, reach in figures.by_course}
        # "sales" matches the Sales audience whatever the case; nobody has completed "Logging in".
        assert (by_course["CRM for sales"].of, by_course["CRM for sales"].trained) == (2, 0)
        assert (by_course["Service desk"].of, by_course["Service desk"].trained, by_course["Service desk"].share) == (
            2,
            1,
            50,
        )
        assert by_course["Logging in"].of == 4
        assert figures.by_audience["Service"].trained == 1 and figures.by_audience[""].trained == 0
        assert (figures.overall.of, figures.overall.trained) == (4, 0)
        missing = {t.name: [c.title for c in courses] for t, courses in figures.untrained}
        assert missing["Wang Fang"] == ["Logging in"] and sorted(missing["Chen Jie"]) == ["Logging in", "Service desk"]
        # Signing off competence completes a course with a test, too.
        chen = db.session.get(Enrolment, rows[people["Chen Jie"]].id)
        training.update_enrolment(chen, expected_version=chen.version, changes={"competent": True})
        assert {c.title: r.trained for c, r in training.figures(world.project_id).by_course}["Service desk"] == 2


def test_attendance_is_saved_for_the_whole_session_and_a_stale_row_saves_nothing(app, client, login_as, world):
    login_as("consultant")
    url = f"/projects/{world.project_id}/training/sessions/{world.session_id}"
    other = _trainees(app, world, ("Zhou Min", "Sales"))[0]
    assert client.post(f"{url}/enrol", data={"trainee_ids": [str(other)]}).status_code == 302
    page = client.get(url).get_data(as_text=True)
    assert "Zhou Min" in page and "Li Wei" in page
    with app.app_context():
        versions = {e.id: e.version for e in training.enrolments(world.project_id)}
    form = {f"version-{i}": str(v) for i, v in versions.items()} | {f"attended-{world.enrolment_id}": "on"}
    stale = dict(form) | {f"version-{world.enrolment_id}": str(versions[world.enrolment_id] + 5)}
    client.post(f"{url}/attendance", data=stale | {f"attended-{i}": "on" for i in versions})
    with app.app_context():
        assert not any(e.attended for e in training.enrolments(world.project_id))
    client.post(f"{url}/attendance", data=form | {f"score-{world.enrolment_id}": "90"})
    with app.app_context():
        attended = {e.trainee_id: (e.attended, e.score) for e in training.enrolments(world.project_id)}
    assert attended == {world.trainee_id: (True, 90), other: (False, None)}
    assert "1 of 2 trainees" in client.get(f"/projects/{world.project_id}/training/").get_data(as_text=True)


def test_a_full_session_refuses_more_and_readers_cannot_write(app, client, login_as, world):
    ids = _trainees(app, world, *[(f"Rep {n}", "Sales") for n in range(12)])
    login_as("consultant")
    url = f"/projects/{world.project_id}/training/sessions/{world.session_id}"
    client.post(f"{url}/enrol", data={"trainee_ids": [str(i) for i in ids]})
    with app.app_context():
        assert len(training.enrolments(world.project_id)) == 1  # 13 wanted, 10 places: nobody added
    client.post("/logout")
    login_as("member")
    assert client.post(f"{url}/enrol", data={"trainee_ids": [str(ids[0])]}).status_code == 403
    page = client.get(f"/projects/{world.project_id}/training/").get_data(as_text=True)
    assert "CRM for sales" in page and 'name="title"' not in page


def test_the_api_serves_each_kind_of_the_plan_for_its_project_only(client, world, bearer):  # noqa: F811
    headers = bearer("consultant")
    base = f"/api/v1/projects/{world.project_id}"
    for kind in ("training_courses", "training_sessions", "trainees", "training_enrolments"):
        assert len(client.get(f"{base}/{kind}", headers=headers).get_json()) == 1, kind
        assert client.get(f"/api/v1/projects/{world.other_project_id}/{kind}", headers=headers).status_code == 404
    session = client.post(
        f"{base}/training_sessions",
        headers=headers,
        json={"course_id": world.course_id, "held_on": "2027-03-01", "start_time": "09:30", "capacity": 1},
    )
    assert session.status_code == 201 and session.get_json()["start_time"] == "09:30:00"
    new = session.get_json()["id"]
    enrolled = client.post(
        f"{base}/training_enrolments", headers=headers, json={"session_id": new, "trainee_id": world.trainee_id}
    )
    assert enrolled.status_code == 201
    trainee = client.post(f"{base}/trainees", headers=headers, json={"name": "Sun Li"}).get_json()
    full = client.post(
        f"{base}/training_enrolments", headers=headers, json={"session_id": new, "trainee_id": trainee["id"]}
    )
    assert full.status_code == 422
    patched = client.patch(
        f"/api/v1/training_enrolments/{world.enrolment_id}", headers=headers, json={"attended": True, "version": 1}
    )
    assert patched.status_code == 200 and patched.get_json()["attended"] is True
    stale = client.patch(
        f"/api/v1/training_enrolments/{world.enrolment_id}", headers=headers, json={"score": 3, "version": 1}
    )
    assert stale.status_code == 409
    foreign = client.post(
        f"/api/v1/projects/{world.other_project_id}/trainees", headers=headers, json={"name": "Intruder"}
    )
    assert foreign.status_code in (403, 404)


def test_the_team_joins_the_trainees_once(app, client, login_as, world):
    login_as("consultant")
    url = f"/projects/{world.project_id}/training/trainees/from-team"
    assert client.post(url).status_code == 302
    client.post(url)
    with app.app_context():
        names = [t.name for t in training.trainees(world.project_id)]
    assert names.count("Pat Core") == 1 and "Li Wei" in names
