"""The method's rules for the project organisation, as a table of small checks computed from the team
(no queries). Each check says what the method asks, whether the team meets it, who stands out, and where
the rule comes from in the method ([000] ... [002])."""

from dataclasses import dataclass, field
from functools import cached_property

from crm_rollout.core.i18n import gettext as _
from crm_rollout.team.models import Person
from crm_rollout.team.service import group_labels, rules, tier_labels


@dataclass
class Check:
    """One rule of the method applied to the team: ok, warning (a risk to flag) or failed."""

    key: str
    title: str
    status: str  # ok | warning | failed
    detail: str
    source: str
    people: list = field(default_factory=list)


def _check(key, title, ok, detail, source, people=(), severity="failed"):
    return Check(key, title, "ok" if ok else severity, detail, source, list(people))


@dataclass
class Team:
    """The team as the checks read it, with the project's thresholds: people, or the plain tuples of
    team.service.people_for_rules (`RulePerson`, with the same names)."""

    people: list[Person]
    rules: dict

    @cached_property
    def core(self) -> list[Person]:
        return [p for p in self.people if p.tier == "core" and not p.is_consultancy]

    @cached_property
    def directors(self) -> list[Person]:
        return [p for p in self.people if p.position == "director"]

    def below(self, persons, threshold: str) -> list[Person]:
        return [p for p in persons if p.allocation_percent < self.rules[threshold]]


def director_time(team: Team) -> Check:
    short = team.below(team.directors, "director_min_allocation")
    detail = (
        _("Required: %(n)d %%.", n=team.rules["director_min_allocation"])
        if team.directors
        else _("No project director on the team yet.")
    )
    title = _("The project director works on the project full time")
    return _check("director_time", title, bool(team.directors) and not short, detail, "[001]", short)


def assistant_time(team: Team) -> Check:
    short = team.below([p for p in team.people if p.position == "assistant"], "assistant_min_allocation")
    detail = _("Required: %(n)d %%.", n=team.rules["assistant_min_allocation"])
    return _check(
        "assistant_time", _("The director's key assistants work full time"), not short, detail, "[001]", short
    )


def member_time(team: Team) -> Check:
    short = team.below([p for p in team.core if p.position == "team_member"], "member_min_allocation")
    return _check(
        "member_time",
        _("Every implementation-team member gives at least the minimum share of their time"),
        not short,
        _("Required: at least %(n)d %%.", n=team.rules["member_min_allocation"]),
        "[001]",
        short,
    )


def core_size(team: Team) -> Check:
    size, smallest, largest = len(team.core), team.rules["core_min_size"], team.rules["core_max_size"]
    detail = _(
        "%(size)d core members from the company; the method asks for %(min)d–%(max)d.",
        size=size,
        min=smallest,
        max=largest,
    )
    return _check("core_size", _("The core team has the right size"), smallest <= size <= largest, detail, "[000]")


def core_full_time(team: Team) -> Check:
    part_timers = [p for p in team.core if p.allocation_percent < 100]
    return _check(
        "core_full_time",
        _("The core team is full time"),
        not part_timers,
        _("Part-time core members are common in practice and a risk to flag."),
        "[000]",
        part_timers,
        severity="warning",
    )


def director_from_business(team: Team) -> Check:
    from_it = [p for p in team.directors if p.functional_group == "it"]
    return _check(
        "director_from_business",
        _("The director comes from the business, not from IT"),
        bool(team.directors) and not from_it,
        _("Ideally the head of marketing: experienced, respected and close to the customer."),
        "[001]",
        from_it,
    )


def not_it_dominated(team: Team) -> Check:
    it_people = [p for p in team.core if p.functional_group == "it"]
    share = round(100 * len(it_people) / len(team.core)) if team.core else 0
    limit = team.rules["it_share_max"]
    return _check(
        "not_it_dominated",
        _("The team is not dominated by IT"),
        share <= limit,
        _("%(share)d %% of the core team is IT; the limit is %(max)d %%.", share=share, max=limit),
        "[002]",
        it_people if share > limit else [],
    )


def steering_complete(team: Team) -> Check:
    has_chair = any(p.position == "chair" and p.on_steering for p in team.people)
    director_on_steering = any(p.position == "director" and p.on_steering for p in team.people)
    missing = ([_("a chair")] if not has_chair else []) + (
        [_("the project director")] if not director_on_steering else []
    )
    detail = (
        _("Missing: %(what)s.", what=", ".join(missing)) if missing else _("Chaired, with the director as a member.")
    )
    title = _("The steering committee has a chair and includes the project director")
    return _check("steering_complete", title, not missing, detail, "[001]")


def group_leaders(team: Team) -> Check:
    groups = sorted({p.functional_group for p in team.people if p.tier == "functional" and p.functional_group})
    leaderless = [g for g in groups if not any(p.functional_group == g and p.leads_group for p in team.people)]
    labels = group_labels()
    if leaderless:
        detail = _("Without a leader: %(groups)s.", groups=", ".join(labels.get(g, g) for g in leaderless))
    else:
        detail = _("No functional groups yet.") if not groups else _("All groups are led.")
    title = _("Every functional group has a leader")
    return _check("group_leaders", title, bool(groups) and not leaderless, detail, "[001]")


def back_office_head(team: Team) -> Check:
    heads = [p for p in team.people if p.tier == "core" and p.functional_group == "back_office"]
    return _check(
        "back_office_head",
        _("A back-office head is on the implementation team"),
        bool(heads),
        _("Finance or supply chain must be heard where CRM meets the back office."),
        "[001]",
    )


def consultancy_cover(team: Team) -> Check:
    names = tier_labels()
    uncovered = [
        t for t in team.rules["consultancy_tiers"] if not any(p.tier == t and p.is_consultancy for p in team.people)
    ]
    detail = (
        _("No consultant on: %(tiers)s.", tiers=", ".join(names[t] for t in uncovered)) if uncovered else _("Covered.")
    )
    return _check(
        "consultancy_cover",
        _("Consultancy support is on each tier where the project wants it"),
        not uncovered,
        detail,
        "[001]",
        severity="warning",
    )


CHECKS = (
    director_time,
    assistant_time,
    member_time,
    core_size,
    core_full_time,
    director_from_business,
    not_it_dominated,
    steering_complete,
    group_leaders,
    back_office_head,
    consultancy_cover,
)


def health_checks(project, people: list[Person]) -> list[Check]:
    """Every check of the method, in the order the team page shows them."""
    team = Team(people, rules(project))
    return [check(team) for check in CHECKS]
