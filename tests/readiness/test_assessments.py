from datetime import date

import pytest

from crm_rollout.core.errors import ValidationFailed
from crm_rollout.core.extensions import db
from crm_rollout.gates import service as gates
from crm_rollout.methodology import questionnaires
from crm_rollout.phases import service as phases
from crm_rollout.readiness import service
from crm_rollout.risks import service as risks
from tests.factories import make_project, make_user

TEMPLATE = questionnaires()["ten_considerations"]
ITEMS = [i["key"] for i in TEMPLATE["items"]]


@pytest.fixture
def setup(ctx):
    director = make_user("dir")
    project = make_project(director)
    others = [make_user(name) for name in ("cons", "gm", "key")]
    assessment = service.create_assessment(
        project.id, questionnaire_key="ten_considerations", title="", held_on=date(2026, 3, 2)
    )
    db.session.commit()
    return project, [director, *others], assessment


def _answer(assessment, user, group, scores: dict):
    return service.save_response(
        assessment,
        respondent_id=user.id,
        group=group,
        answers={k: {"score": v, "evidence": ""} for k, v in scores.items()},
    )


def _expected_overall(dimension_scores: dict) -> float:
    """Independent of the service: the weighted mean of the dimensions that have scores."""
    weights = {d["key"]: d["weight"] for d in TEMPLATE["dimensions"]}
    present = {k: v for k, v in dimension_scores.items() if v is not None}
    return round(sum(weights[k] * v for k, v in present.items()) / sum(weights[k] for k in present), 2)


def test_overall_is_weighted_by_dimension(setup):
    _project, users, assessment = setup
    scores = {item["key"]: (5 if item["dimension"] == "leadership" else 1) for item in TEMPLATE["items"]}
    _answer(assessment, users[0], "director", scores)
    result = service.results(assessment)
    assert result.dimensions["leadership"] == 5 and result.dimensions["approach"] == 1
    assert result.overall == _expected_overall(result.dimensions)
    assert result.overall != round(sum(scores.values()) / len(scores), 2)  # not a plain mean of items


def test_dont_know_and_missing_answers_do_not_count_as_scores(setup):
    _project, users, assessment = setup
    _answer(assessment, users[0], "director", {ITEMS[0]: 4, ITEMS[1]: None})
    _answer(assessment, users[1], "consultant", {ITEMS[0]: 2})
    first, second = service.results(assessment).items[:2]
    assert (first.mean, first.dont_know, first.scores) == (3, 0, [4, 2])
    assert (second.mean, second.dont_know) == (None, 1)
    assert service.results(assessment).items[2].mean is None  # nobody answered


def test_large_disagreement_is_flagged(setup):
    _project, users, assessment = setup
    _answer(assessment, users[0], "director", {ITEMS[0]: 5, ITEMS[1]: 4})
    _answer(
        assessment,
        users[1],
        "consultant",
        {ITEMS[0]: 5 - service.DISAGREEMENT_SPREAD, ITEMS[1]: 5 - service.DISAGREEMENT_SPREAD + 2},
    )
    first, second = service.results(assessment).items[:2]
    assert first.disagreement and not second.disagreement


def test_groups_are_compared_dimension_by_dimension(setup):
    _project, users, assessment = setup
    leadership = [i["key"] for i in TEMPLATE["items"] if i["dimension"] == "leadership"]
    _answer(assessment, users[0], "director", dict.fromkeys(leadership, 5))
    _answer(assessment, users[1], "consultant", dict.fromkeys(leadership, 2))
    groups = service.results(assessment).groups
    assert groups["director"]["leadership"] == 5 and groups["consultant"]["leadership"] == 2


def test_scores_outside_1_to_5_are_refused_and_answers_can_be_revised(setup):
    _project, users, assessment = setup
    with pytest.raises(ValidationFailed) as raised:
        _answer(assessment, users[0], "director", {ITEMS[0]: 6})
    assert ITEMS[0] in raised.value.errors
    response = _answer(assessment, users[0], "director", {ITEMS[0]: 2})
    _answer(assessment, users[0], "director", {ITEMS[0]: 3})
    assert len(assessment.responses) == 1 and response.answers[ITEMS[0]]["score"] == 3


def test_low_items_become_one_risk_linked_back(setup):
    project, users, assessment = setup
    _answer(assessment, users[0], "director", {ITEMS[0]: 1, ITEMS[1]: 5})
    risk = service.follow_up_risk(assessment, ITEMS[0])
    assert risk.source_key == f"assessment:{assessment.id}:{ITEMS[0]}" and risk.status == "open"
    with pytest.raises(ValidationFailed):
        service.follow_up_risk(assessment, ITEMS[0])  # once
    with pytest.raises(ValidationFailed):
        service.follow_up_risk(assessment, ITEMS[1])  # not low
    assert risk in risks.top_risks(project.id)


def test_a_readiness_threshold_becomes_gate_evidence(setup):
    project, users, assessment = setup
    service.set_threshold(project, "ten_considerations", 3.5)
    phase = phases.get_phase(project.id, 1)
    criterion = next(c for c in gates.evidence(phase)["criteria"] if c["key"] == "readiness:ten_considerations")
    assert not criterion["met"]
    _answer(assessment, users[0], "director", dict.fromkeys(ITEMS, 4))
    criterion = next(c for c in gates.evidence(phase)["criteria"] if c["key"] == "readiness:ten_considerations")
    assert criterion["met"]
    with pytest.raises(ValidationFailed):
        service.set_threshold(project, "ten_considerations", 7)


def test_two_respondents_and_the_director_sees_the_flag_and_the_radar(app, login_as, world):
    from tests.conftest import login

    url = f"/projects/{world.project_id}/readiness/{world.assessment_id}"
    consultant = login_as("consultant")
    assert (
        consultant.post(
            url,
            data={"group": "consultant", f"score-{ITEMS[0]}": "1", f"evidence-{ITEMS[0]}": "No sponsor at meetings"},
        ).status_code
        == 302
    )
    steering = app.test_client()
    login(steering, "steering")
    assert (
        steering.post(url, data={"group": "steering", f"score-{ITEMS[0]}": "5", f"score-{ITEMS[1]}": "dk"}).status_code
        == 302
    )
    director = app.test_client()
    login(director, "director")
    html = director.get(url).get_data(as_text=True)
    assert "Disagreement" in html and "radar.svg" in html
    radar = director.get(f"{url}/radar.svg")
    assert radar.status_code == 200 and radar.mimetype == "image/svg+xml"
    viewer = app.test_client()
    login(viewer, "viewer")
    assert viewer.post(url, data={"group": "other", f"score-{ITEMS[0]}": "3"}).status_code == 403


def test_repeated_runs_draw_a_trend(app, login_as, world):
    with app.app_context():
        from crm_rollout.auth.models import User

        second = service.create_assessment(
            world.project_id, questionnaire_key="ten_considerations", title="", held_on=date(2099, 1, 1)
        )
        director = db.session.get(User, world.users["director"])
        _answer(second, director, "director", dict.fromkeys(ITEMS, 4))
        db.session.commit()
    client = login_as("viewer")
    page = client.get(f"/projects/{world.project_id}/readiness/").get_data(as_text=True)
    assert "trend/ten_considerations.svg" in page
    chart = client.get(f"/projects/{world.project_id}/readiness/trend/ten_considerations.svg")
    assert chart.status_code == 200 and b"2099-01-01" in chart.data
    assert client.get(f"/projects/{world.project_id}/readiness/trend/six_pitfalls.svg").status_code == 404


def test_low_items_can_become_an_action_instead(setup):
    _project, users, assessment = setup
    _answer(assessment, users[0], "director", {ITEMS[6]: 1})
    action = service.follow_up_action(assessment, ITEMS[6])
    assert TEMPLATE["items"][6]["text_en"] in action.title and action.status == "open"


def test_the_latest_runs_are_the_latest_answered_assessments_read_light(setup):
    """The health index's light read (latest_runs) gives each questionnaire's latest answered runs, latest
    first, and the same results as the assessments themselves."""
    project, users, first = setup
    _answer(first, users[0], "director", dict.fromkeys(ITEMS, 4))
    second = service.create_assessment(
        project.id, questionnaire_key="ten_considerations", title="", held_on=date(2026, 4, 1)
    )
    _answer(second, users[0], "director", dict.fromkeys(ITEMS, 2))
    _answer(second, users[1], "consultant", {ITEMS[0]: 5, ITEMS[1]: None})
    third = service.create_assessment(
        project.id, questionnaire_key="ten_considerations", title="", held_on=date(2026, 5, 1)
    )
    _answer(third, users[2], "steering", dict.fromkeys(ITEMS, 3))
    service.create_assessment(project.id, questionnaire_key="ten_considerations", title="", held_on=date(2026, 6, 1))
    db.session.commit()
    runs = service.latest_runs(project.id, 2)
    assert [run.id for run in runs] == [third.id, second.id]  # the unanswered latest and the oldest left out
    for run in runs:
        whole = service.ASSESSMENTS.get(project.id, run.id)
        assert service.results(run) == service.results(whole)
        assert [r.respondent_group for r in run.responses] == [r.respondent_group for r in whole.responses]
