"""The report workflow as a state machine: draft → submitted → approved | returned → revised → resubmitted."""

from datetime import date

import pytest

from crm_rollout.core.errors import ValidationFailed
from crm_rollout.core.extensions import db
from crm_rollout.projects import service as projects
from crm_rollout.reports import service
from crm_rollout.steering import reviewing
from crm_rollout.team import service as team
from tests.factories import MINIMAL_COMPUTED, make_project, make_user


@pytest.fixture
def setup(ctx):
    director = make_user("dir")
    project = make_project(director)
    members = {}
    for name in ("gm", "cfo", "coo"):
        make_user(name)
        members[name] = projects.add_member(project, login=name, role="steering").user_id
    make_user("cons")
    projects.add_member(project, login="cons", role="consultant")
    team.add_person(project.id, name="GM", tier="steering", position="chair", user_id=members["gm"])
    report = service.create_report(project.id, title="Phase 1 report")
    db.session.commit()
    return project, director, report, members


def _submit(report, director):
    return service.submit(report, expected_version=report.version, submitted_by=director.id, computed=MINIMAL_COMPUTED)


def _review(version, user_id, decision, comment="Needs numbers"):
    return service.review(version, reviewer_id=user_id, decision=decision, comment=comment)


def test_submitting_freezes_the_content_and_later_edits_cannot_touch_it(setup):
    _project, director, report, _members = setup
    service.update_report(report, expected_version=report.version, changes={"achievements": "Charter signed."})
    version = _submit(report, director)
    assert report.status == "submitted" and version.number == 1
    assert version.content["achievements"] == "Charter signed." and service.verify(version)
    with pytest.raises(ValidationFailed):
        service.update_report(report, expected_version=report.version, changes={"achievements": "Changed."})
    with pytest.raises(ValidationFailed):
        _submit(report, director)  # no second submission while under review
    assert version.content["achievements"] == "Charter signed."


def test_the_hash_detects_any_change_to_a_frozen_version(setup):
    _project, director, report, _members = setup
    version = _submit(report, director)
    version.content = {**version.content, "achievements": "Rewritten afterwards"}
    assert not service.verify(version)


def test_majority_approves_and_the_version_closes_once(setup):
    _project, director, report, members = setup
    version = _submit(report, director)
    _review(version, members["gm"], "approve")
    assert version.outcome == "submitted"
    _review(version, members["cfo"], "approve")
    assert version.outcome == "approved" and report.status == "approved"
    with pytest.raises(ValidationFailed):
        _review(version, members["coo"], "return")  # closed: no decision after the closing one
    with pytest.raises(ValidationFailed):
        service.update_report(report, expected_version=report.version, changes={"title": "Edited"})  # approved is final


def test_returned_reports_are_revised_and_resubmitted_as_a_new_version(setup):
    _project, director, report, members = setup
    first = _submit(report, director)
    _review(first, members["gm"], "return")
    _review(first, members["cfo"], "return")
    assert first.outcome == "returned" and report.status == "returned"
    service.update_report(report, expected_version=report.version, changes={"achievements": "Added the numbers."})
    second = _submit(report, director)
    assert second.number == 2 and second.content["achievements"] == "Added the numbers."
    assert first.content["achievements"] == "" and service.verify(first)  # the returned version is unchanged


def test_reviews_need_a_committee_member_once_each_and_a_comment_to_return(setup):
    project, director, report, members = setup
    version = _submit(report, director)
    consultant = make_user("cons2")
    projects.add_member(project, login="cons2", role="consultant")
    for outsider in (director.id, consultant.id, make_user("stranger").id):
        with pytest.raises(ValidationFailed):
            _review(version, outsider, "approve")
    with pytest.raises(ValidationFailed) as raised:
        _review(version, members["gm"], "return", comment="")
    assert "comment" in raised.value.errors
    _review(version, members["gm"], "approve")
    with pytest.raises(ValidationFailed):
        _review(version, members["gm"], "approve")


@pytest.mark.parametrize(
    ("rule", "decisions", "expected"),
    [
        ("chair", {"gm": "approve"}, "approved"),
        ("chair", {"cfo": "approve", "coo": "approve"}, None),
        ("chair", {"gm": "return"}, "returned"),
        ("all", {"gm": "approve", "cfo": "approve"}, None),
        ("all", {"gm": "approve", "cfo": "approve", "coo": "approve"}, "approved"),
        ("all", {"gm": "approve", "cfo": "return"}, "returned"),
        ("majority", {"gm": "approve"}, None),
        ("majority", {"gm": "approve", "cfo": "return", "coo": "approve"}, "approved"),
    ],
)
def test_review_rules(setup, rule, decisions, expected):
    project, director, report, members = setup
    service.set_review_rule(project, rule)
    version = _submit(report, director)
    for name, decision in decisions.items():
        _review(version, members[name], decision)
    assert (version.outcome if version.outcome != "submitted" else None) == expected


def test_majority_of_an_even_committee_cannot_approve_on_a_tie():
    assert reviewing.outcome("majority", {1: "approve", 2: "return"}, [1, 2], None) == "returned"
    assert reviewing.outcome("majority", {1: "approve"}, [1, 2], None) is None


def test_waiting_for_my_review_lists_only_what_i_have_not_reviewed(setup):
    project, director, report, members = setup
    version = _submit(report, director)
    assert [v.id for v in service.waiting_for(members["gm"], [project.id])] == [version.id]
    _review(version, members["gm"], "approve")
    assert service.waiting_for(members["gm"], [project.id]) == []
    assert service.missing_reviewers(version) == [members["cfo"], members["coo"]]
    assert service.waiting_for(director.id, [project.id]) == []


def test_periods_and_rags_are_validated(setup):
    _project, _director, report, _members = setup
    with pytest.raises(ValidationFailed) as raised:
        service.update_report(
            report,
            expected_version=report.version,
            changes={"schedule_rag": "purple", "period_start": date(2026, 3, 1), "period_end": date(2026, 2, 1)},
        )
    assert {"schedule_rag", "period_end"} <= set(raised.value.errors)


def test_who_signs_is_fixed_at_submission(setup):
    """Joining the committee, becoming its chair or switching the rule after submission changes nothing."""
    project, director, report, members = setup
    version = _submit(report, director)
    make_user("latecomer")
    late = projects.add_member(project, login="latecomer", role="steering").user_id
    service.set_review_rule(project, "chair")
    team.add_person(project.id, name="Late chair", tier="steering", position="chair", user_id=late)
    with pytest.raises(ValidationFailed) as raised:
        _review(version, late, "approve")
    assert "submission" in raised.value.errors["decision"]
    _review(version, members["gm"], "approve")  # the chair at submission, but the rule then was majority
    assert version.outcome == "submitted"
    assert service.missing_reviewers(version) == [members["cfo"], members["coo"]]


def test_each_project_shows_its_newest_version_whatever_the_number_of_reports(setup):
    project, director, report, _members = setup
    first = _submit(report, director)
    second_report = service.create_report(project.id, title="Phase 2 report")
    db.session.flush()
    newest = _submit(second_report, director)
    other = make_project(director, name="Other")
    other_report = service.create_report(other.id, title="Other's report")
    db.session.flush()
    others = _submit(other_report, director)
    first.submitted_at = newest.submitted_at.replace(year=newest.submitted_at.year - 1)  # submitted a year ago
    db.session.flush()
    latest = service.latest_by_project([project.id, other.id])
    assert latest == {project.id: newest, other.id: others}
    newest.submitted_at = first.submitted_at.replace(year=first.submitted_at.year - 1)
    db.session.flush()
    assert service.latest_by_project([project.id])[project.id] == first
