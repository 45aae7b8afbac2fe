"""A project's revision: one more for every committed transaction that changed something in it.

The audit listener names the projects a flush changed; just before the commit, their counters go up in
the same transaction. The UPDATE is the transaction's last write, so on PostgreSQL two writers of one
project queue for it only at the very end (in id order: no deadlock), and revisions follow commit order.
Readers of a revision (the page cache) therefore never see a change without seeing its revision.
"""

from sqlalchemy import event, update
from sqlalchemy.orm import Session

from crm_rollout.projects.models import Project


@event.listens_for(Session, "before_commit")
def _bump_revisions(session):
    session.flush()  # the audit listener collects what the last flush changes too
    changed = session.info.pop("changed_projects", None)
    if changed:
        projects = Project.__table__
        session.execute(
            update(projects)
            .where(projects.c.id.in_(sorted(changed)))
            .values(revision=projects.c.revision + 1, updated_at=projects.c.updated_at)
        )


@event.listens_for(Session, "after_soft_rollback")
def _forget_revisions(session, _previous_transaction):
    session.info.pop("changed_projects", None)
