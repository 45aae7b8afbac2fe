"""What the domains offer the core, so the core can use it without importing any domain.

Each domain's package has `register(app, registry)`: it adds its blueprints and fills these entries. The
core reads them at request time through `current()`.
"""

from collections.abc import Callable
from dataclasses import dataclass, field

from flask import Flask, current_app


@dataclass(frozen=True)
class MenuLink:
    """A domain's link in the project menu, below the phases."""

    position: int  # where it stands in the menu: the method's order, low first
    endpoint: str  # a page taking the project id alone
    label: object  # a lazy label
    exact: bool = False  # the current page on this endpoint alone, not anywhere in its blueprint
    permission: str | None = None  # shown to those who have it only


@dataclass
class Registry:
    # The top bar's counts, read in one query: each kind gives, from the user id as a bound parameter, a
    # statement selecting its rows (core.lookup.rows_of); "my work" counts what waits for the user in every
    # domain together, "unread" the inbox's, each up to core.lookup.COUNT_CAP.
    my_work_rows: dict[str, Callable[[object], object]] = field(default_factory=dict)
    unread_rows: Callable[[object], object] | None = None
    # Names every template can use: a domain's labels, its helpers.
    template_globals: dict[str, object] = field(default_factory=dict)
    template_filters: dict[str, Callable] = field(default_factory=dict)
    # The project menu's links below the phases, each domain's own.
    project_menu: list[MenuLink] = field(default_factory=list)
    # Context every page inside a project gets (project id -> names), e.g. the phase navigation.
    project_page_context: dict[str, Callable[[int], dict]] = field(default_factory=dict)
    # What a team person owns elsewhere, for their page (person id -> names: items, actions ...).
    person_work: dict[str, Callable[[int], dict]] = field(default_factory=dict)
    # What a domain sets up in a new project from the method (project, phases template), in this order.
    project_created: dict[str, Callable[[object, dict], None]] = field(default_factory=dict)
    # What a domain carries from an earlier wave of a programme into a new one (earlier project, new project)
    # -> how many rows it copied: definitions the next wave builds on (to-be processes, KPIs, lessons), never
    # the earlier wave's progress.
    wave_carried: dict[str, Callable[[object, object], int]] = field(default_factory=dict)
    # Extra panels a domain adds to a phase's page: phase -> (template, its values), or None for no panel.
    phase_panels: dict[str, Callable[[object], tuple[str, dict] | None]] = field(default_factory=dict)
    # What a domain hands a member who joins a project (project id, user id, role): the items waiting for the role.
    member_added: dict[str, Callable[[int, int, str], None]] = field(default_factory=dict)
    # What a domain lets go of when an account leaves a project (project id, user id).
    member_removed: dict[str, Callable[[int, int], None]] = field(default_factory=dict)
    # (project id, user id) -> the membership (with .project and .role), or None: the projects domain's.
    membership_of: Callable[[int, int], object] = lambda _project_id, _user_id: None
    # (project id, user id, role) -> permissions added to the role's (the committee chair's).
    permission_extenders: dict[str, Callable[[int, int, str], frozenset]] = field(default_factory=dict)


def install(app: Flask) -> Registry:
    registry = app.extensions["crm_rollout"] = Registry()
    return registry


def of(app: Flask) -> Registry:
    return app.extensions["crm_rollout"]


def current() -> Registry:
    return of(current_app)
