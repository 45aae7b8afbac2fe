"""Who belongs to a project, in which role: read by the lower domains (team, phases) and, through the
registry, by the core's permission check. Creating projects (service.py) builds on the domains above."""

import functools

from sqlalchemy import bindparam, select
from sqlalchemy.orm import joinedload

from crm_rollout.core.extensions import db
from crm_rollout.projects.models import Membership


def membership_for(project_id: int, user_id: int) -> Membership | None:
    """The user's membership of the project, with the project loaded, in one query."""
    return db.session.scalar(_membership_statement(), {"project_id": project_id, "user_id": user_id})


@functools.cache
def _membership_statement():
    # Built once (see docs/ARCHITECTURE.md, "Speed"): every project page runs it.
    return (
        select(Membership)
        .options(joinedload(Membership.project))
        .where(Membership.project_id == bindparam("project_id"), Membership.user_id == bindparam("user_id"))
    )
