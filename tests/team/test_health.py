"""Each health rule of the method, with its edges (exactly 80 %, 8 and 12 members ...)."""

import pytest

from crm_rollout.methodology import organisation_template
from crm_rollout.projects.models import Project
from crm_rollout.team import health
from crm_rollout.team.models import Person

RULES = organisation_template()["health"]


def person(name="P", tier="core", position="team_member", group="sales", percent=100, **extra):
    defaults = {"is_consultancy": False, "leads_group": False, "sits_on_steering": False}
    return Person(
        name=name, tier=tier, position=position, functional_group=group, allocation_percent=percent, **defaults | extra
    )


def healthy_team(core_size=8):
    """A team that meets every rule; tests break one rule at a time."""
    team = [
        person("Chair", "steering", "chair", ""),
        person("Adviser", "steering", "steering_adviser", "", is_consultancy=True),
        person("Director", position="director", group="marketing", sits_on_steering=True),
        person("Back office", group="back_office"),
        person("PM", position="project_manager", group="", is_consultancy=True),
        person("Lead", "functional", "group_leader", "sales", leads_group=True),
        person("Consultant", "functional", "app_consultant", "sales", is_consultancy=True),
    ]
    team += [person(f"Member {n}") for n in range(core_size - 2)]
    return team


def status(team, key, rules=None):
    project = Project(team_rules=rules or {})
    return next(c for c in health.health_checks(project, team) if c.key == key)


@pytest.fixture(autouse=True)
def _context(ctx):
    yield


def test_a_healthy_team_passes_every_check():
    checks = health.health_checks(Project(team_rules={}), healthy_team())
    assert len(checks) >= 10
    assert [c.key for c in checks if c.status != "ok"] == []


@pytest.mark.parametrize(
    ("percent", "expected"), [(RULES["member_min_allocation"], "ok"), (RULES["member_min_allocation"] - 1, "failed")]
)
def test_team_members_at_exactly_the_minimum_pass(percent, expected):
    team = healthy_team()
    team[-1].allocation_percent = percent
    check = status(team, "member_time")
    assert check.status == expected
    assert (team[-1] in check.people) == (expected == "failed")


def test_part_time_core_members_are_a_risk_not_a_failure():
    team = healthy_team()
    team[-1].allocation_percent = RULES["member_min_allocation"]
    assert status(team, "core_full_time").status == "warning"


@pytest.mark.parametrize(
    ("size", "expected"),
    [
        (RULES["core_min_size"] - 1, "failed"),
        (RULES["core_min_size"], "ok"),
        (RULES["core_max_size"], "ok"),
        (RULES["core_max_size"] + 1, "failed"),
    ],
)
def test_core_team_size_bounds_are_inclusive(size, expected):
    assert status(healthy_team(core_size=size), "core_size").status == expected


def test_consultants_do_not_count_towards_the_core_team():
    team = healthy_team(core_size=RULES["core_min_size"])
    team.remove(next(p for p in team if p.name == "Member 0"))
    team.append(person("Another consultant", position="team_member", is_consultancy=True))
    assert status(team, "core_size").status == "failed"


def test_director_and_assistants_must_give_all_their_time():
    team = healthy_team()
    director = next(p for p in team if p.position == "director")
    director.allocation_percent = RULES["director_min_allocation"] - 1
    assert status(team, "director_time").status == "failed"
    team.append(person("Assistant", position="assistant", percent=RULES["assistant_min_allocation"] - 1))
    assert status(team, "assistant_time").status == "failed"


def test_a_missing_director_fails_the_director_checks():
    team = [p for p in healthy_team() if p.position != "director"]
    assert status(team, "director_time").status == "failed"
    assert status(team, "director_from_business").status == "failed"
    assert status(team, "steering_complete").status == "failed"


def test_director_from_it_is_flagged():
    team = healthy_team()
    next(p for p in team if p.position == "director").functional_group = "it"
    assert status(team, "director_from_business").status == "failed"


def test_it_share_at_the_threshold_passes_and_above_fails():
    team = healthy_team(core_size=10)
    members = [p for p in team if p.name.startswith("Member")]
    for p in members[: RULES["it_share_max"] * 10 // 100]:
        p.functional_group = "it"
    assert status(team, "not_it_dominated").status == "ok"
    members[-1].functional_group = "it"
    assert status(team, "not_it_dominated").status == "failed"


def test_steering_committee_needs_a_chair_and_the_director():
    team = [p for p in healthy_team() if p.position != "chair"]
    assert status(team, "steering_complete").status == "failed"
    team = healthy_team()
    next(p for p in team if p.position == "director").sits_on_steering = False
    assert status(team, "steering_complete").status == "failed"


def test_every_functional_group_needs_a_leader():
    team = healthy_team()
    team.append(person("Key user", "functional", "key_user", "service"))
    check = status(team, "group_leaders")
    assert check.status == "failed"
    assert "service" in check.detail.lower()


def test_a_back_office_head_must_be_on_the_core_team():
    team = [p for p in healthy_team() if p.functional_group != "back_office"]
    assert status(team, "back_office_head").status == "failed"


def test_consultancy_cover_follows_the_projects_setting():
    team = [p for p in healthy_team() if not (p.is_consultancy and p.tier == "functional")]
    assert status(team, "consultancy_cover").status == "warning"
    tuned = {"consultancy_tiers": ["steering", "core"]}
    assert status(team, "consultancy_cover", rules=tuned).status == "ok"


def test_tuned_thresholds_replace_the_defaults():
    team = healthy_team()
    team[-1].allocation_percent = 70
    assert status(team, "member_time").status == "failed"
    assert status(team, "member_time", rules={"member_min_allocation": 70}).status == "ok"
