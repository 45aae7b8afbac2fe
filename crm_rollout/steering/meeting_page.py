"""What a meeting's page reads besides the meeting: who attended, the votes on its agenda, its notes, and the
earlier meetings whose minutes wait for its approval. Each statement is built once (see docs/ARCHITECTURE.md,
"Speed"): a meeting's page is open on the screen while the committee meets."""

import functools

from sqlalchemy import bindparam, select
from sqlalchemy.orm import joinedload

from crm_rollout.core.extensions import db
from crm_rollout.core.reads import plain_rows
from crm_rollout.steering.models import Attendance, Meeting, MeetingNote, Vote


def attendance(meeting: Meeting) -> dict[int, str]:
    """person id -> present / excused / absent."""
    return dict(plain_rows(_attendance_statement(), {"meeting_id": meeting.id}).all())


@functools.cache
def _attendance_statement():
    return select(Attendance.person_id, Attendance.status).where(Attendance.meeting_id == bindparam("meeting_id"))


def votes_by_agenda_item(meeting: Meeting) -> dict[int, list[Vote]]:
    ids = [a.id for a in meeting.agenda]
    result = {i: [] for i in ids}
    if ids:
        for vote in db.session.scalars(_votes_statement(), {"agenda_item_ids": ids}):
            result[vote.agenda_item_id].append(vote)
    return result


@functools.cache
def _votes_statement():
    ids = bindparam("agenda_item_ids", expanding=True)
    return select(Vote).options(joinedload(Vote.user)).where(Vote.agenda_item_id.in_(ids))


def notes(meeting_id: int) -> list[MeetingNote]:
    return list(db.session.scalars(_notes_statement(), {"meeting_id": meeting_id}))


@functools.cache
def _notes_statement():
    return (
        select(MeetingNote)
        .options(joinedload(MeetingNote.author))
        .where(MeetingNote.meeting_id == bindparam("meeting_id"))
        .order_by(MeetingNote.created_at)
    )


def earlier_unapproved(meeting: Meeting) -> list[Meeting]:
    """Meetings before this one whose minutes wait for approval."""
    values = {"project_id": meeting.project_id, "before": meeting.meeting_date}
    return list(db.session.scalars(_earlier_unapproved_statement(), values))


@functools.cache
def _earlier_unapproved_statement():
    return select(Meeting).where(
        Meeting.project_id == bindparam("project_id"),
        Meeting.meeting_date < bindparam("before", type_=Meeting.meeting_date.type),
        Meeting.minutes_approved_at.is_(None),
        Meeting.minutes != "",
    )
