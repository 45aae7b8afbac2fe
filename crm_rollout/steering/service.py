"""The steering committee: meetings with agenda, attendance, minutes and votes; decisions; actions."""

import functools
from dataclasses import dataclass
from datetime import date, time

from sqlalchemy import bindparam, select
from sqlalchemy.orm import joinedload

from crm_rollout.core.checks import required_text
from crm_rollout.core.db import utcnow
from crm_rollout.core.editing import check_version, next_position
from crm_rollout.core.errors import NotFound, ValidationFailed, raise_if_errors
from crm_rollout.core.extensions import db
from crm_rollout.core.i18n import gettext as _
from crm_rollout.core.lookup import ProjectRows, belongs_to
from crm_rollout.core.permissions import Role
from crm_rollout.notifications.kinds import Kind
from crm_rollout.notifications.service import notify, tell_mentioned
from crm_rollout.phases.models import ChecklistItem, Phase
from crm_rollout.projects.service import user_ids_with_roles
from crm_rollout.steering.labels import AttendanceStatus, VoteChoice
from crm_rollout.steering.models import (
    AgendaItem,
    Attendance,
    Decision,
    Meeting,
    MeetingNote,
    Vote,
)
from crm_rollout.team import service as team

MAX_TEXT = 20_000


TITLE_LIMIT = 300


# --- Meetings --------------------------------------------------------------------


MEETING_FIELDS = ("title", "meeting_date", "start_time", "location", "call_link")


def _validate_meeting(values: dict) -> dict:
    errors = {}
    required_text(values, "title", _("Give the meeting a title."), errors, 200)
    if not isinstance(values.get("meeting_date"), date):
        errors["meeting_date"] = _("Enter a date as YYYY-MM-DD.")
    if values.get("start_time") is not None and not isinstance(values["start_time"], time):
        errors["start_time"] = _("Enter a time as HH:MM.")
    link = values.get("call_link") or ""
    if link and not link.startswith(("https://", "http://")):
        errors["call_link"] = _("A call link starts with https://.")
    return errors


def create_meeting(project_id: int, **values) -> Meeting:
    values = {k: values.get(k) for k in MEETING_FIELDS}
    errors = _validate_meeting(values)
    raise_if_errors(errors)
    meeting = Meeting(
        project_id=project_id,
        title=values["title"].strip(),
        meeting_date=values["meeting_date"],
        start_time=values["start_time"],
        location=(values["location"] or "").strip(),
        call_link=(values["call_link"] or "").strip(),
    )
    db.session.add(meeting)
    db.session.flush()
    return meeting


def update_meeting(meeting: Meeting, *, expected_version, changes: dict) -> Meeting:
    changes = {k: v for k, v in changes.items() if k in (*MEETING_FIELDS, "minutes")}
    merged = {k: getattr(meeting, k) for k in MEETING_FIELDS} | changes
    errors = _validate_meeting(merged)
    if "minutes" in changes:
        if meeting.minutes_locked and changes["minutes"] != meeting.minutes:
            errors["minutes"] = _("These minutes are approved and locked; record an amendment instead.")
        elif len(changes["minutes"] or "") > MAX_TEXT:
            errors["minutes"] = _("Keep it under %(n)d characters.", n=MAX_TEXT)
    raise_if_errors(errors)
    check_version(meeting, expected_version)
    had_minutes = bool((meeting.minutes or "").strip())
    for name, value in changes.items():
        setattr(meeting, name, value.strip() if isinstance(value, str) and name != "minutes" else value)
    db.session.flush()
    if not had_minutes and (meeting.minutes or "").strip():
        notify(
            Kind.APPROVAL_REQUESTED,
            "minutes_to_approve",
            project_id=meeting.project_id,
            user_ids=user_ids_with_roles(meeting.project_id, Role.STEERING),
            subject=meeting,
            title=meeting.title,
            link=("steering.meeting", {"project_id": meeting.project_id, "meeting_id": meeting.id}),
        )
    return meeting


def meetings(project_id: int) -> list[Meeting]:
    return list(
        db.session.scalars(
            select(Meeting)
            .where(Meeting.project_id == project_id)
            .order_by(Meeting.meeting_date.desc(), Meeting.id.desc())
        )
    )


def meetings_of_projects(project_ids: list[int]) -> list[Meeting]:
    """The committee meetings of these projects, for a calendar: one query."""
    if not project_ids:
        return []
    return list(
        db.session.scalars(
            select(Meeting).where(Meeting.project_id.in_(project_ids)).order_by(Meeting.meeting_date, Meeting.id)
        )
    )


def approve_minutes(meeting: Meeting, *, in_meeting: Meeting) -> None:
    """Minutes are approved at a later meeting of the same project, and are locked from then on."""
    if meeting.project_id != in_meeting.project_id:
        raise NotFound()
    if meeting.minutes_locked:
        raise ValidationFailed({"minutes": _("These minutes are approved already.")})
    if not meeting.minutes.strip():
        raise ValidationFailed({"minutes": _("There are no minutes to approve yet.")})
    if in_meeting.meeting_date <= meeting.meeting_date or in_meeting.id == meeting.id:
        raise ValidationFailed({"minutes": _("Minutes are approved at a later meeting.")})
    meeting.minutes_approved_at = utcnow()
    meeting.minutes_approved_in_id = in_meeting.id
    db.session.flush()


def add_note(meeting: Meeting, *, author_id: int, body: str, kind: str) -> MeetingNote:
    body = (body or "").strip()
    if not body:
        raise ValidationFailed({"body": _("Write something first.")})
    if kind == "amendment" and not meeting.minutes_locked:
        raise ValidationFailed({"body": _("Edit the minutes directly until they are approved.")})
    note = MeetingNote(
        project_id=meeting.project_id, meeting_id=meeting.id, author_id=author_id, kind=kind, body=body[:MAX_TEXT]
    )
    db.session.add(note)
    db.session.flush()
    link = ("steering.meeting", {"project_id": meeting.project_id, "meeting_id": meeting.id})
    tell_mentioned(meeting.project_id, body, subject=meeting, title=meeting.title, link=link)
    return note


# --- Agenda and votes --------------------------------------------------------------


def add_agenda_item(meeting: Meeting, *, title: str, phase_id=None, item_id=None, vote_requested=False) -> AgendaItem:
    errors = {}
    required_text({"title": title}, "title", _("Enter the agenda item."), errors, TITLE_LIMIT)
    if not belongs_to(Phase, meeting.project_id, phase_id):
        errors["phase_id"] = _("Choose a phase of this project.")
    if not belongs_to(ChecklistItem, meeting.project_id, item_id):
        errors["item_id"] = _("Choose an item of this project.")
    raise_if_errors(errors)
    agenda_item = AgendaItem(
        project_id=meeting.project_id,
        meeting_id=meeting.id,
        position=next_position(AgendaItem.position, AgendaItem.meeting_id == meeting.id),
        title=title.strip(),
        phase_id=phase_id,
        item_id=item_id,
        vote_requested=bool(vote_requested),
    )
    db.session.add(agenda_item)
    db.session.flush()
    return agenda_item


def remove_agenda_item(meeting: Meeting, agenda_item_id: int) -> None:
    agenda_item = db.session.scalar(
        select(AgendaItem).where(AgendaItem.id == agenda_item_id, AgendaItem.meeting_id == meeting.id)
    )
    if agenda_item is None:
        raise NotFound()
    db.session.delete(agenda_item)
    db.session.flush()


def cast_vote(meeting: Meeting, *, agenda_item_id: int, user_id: int, choice: str) -> Vote:
    agenda_item = next((a for a in meeting.agenda if a.id == agenda_item_id), None)
    if agenda_item is None:
        raise NotFound()
    if not agenda_item.vote_requested:
        raise ValidationFailed({"choice": _("This agenda item asks for no vote.")})
    if choice not in VoteChoice.codes():
        raise ValidationFailed({"choice": _("Vote for, against or abstain.")})
    vote = db.session.scalar(select(Vote).where(Vote.agenda_item_id == agenda_item_id, Vote.user_id == user_id))
    if vote is None:
        vote = Vote(project_id=meeting.project_id, agenda_item_id=agenda_item_id, user_id=user_id, choice=choice)
        db.session.add(vote)
    else:
        vote.choice = choice
    db.session.flush()
    return vote


# --- Attendance and quorum ----------------------------------------------------------


@dataclass
class Quorum:
    present: int
    members: int

    @property
    def reached(self) -> bool:
        # More than half of the committee present.
        return self.members > 0 and self.present * 2 > self.members


def attended_by(project_id: int, person_ids: list[int], until: date, last: int) -> list[bool]:
    """For the `last` meetings held on or before `until` (the latest first): whether any of these people was
    present. Two queries, whatever the number of meetings."""
    held = db.session.scalars(
        select(Meeting.id)
        .where(Meeting.project_id == project_id, Meeting.meeting_date <= until)
        .order_by(Meeting.meeting_date.desc(), Meeting.id.desc())
        .limit(last)
    ).all()
    present = set(
        db.session.scalars(
            select(Attendance.meeting_id).where(
                Attendance.meeting_id.in_(held),
                Attendance.person_id.in_(person_ids),
                Attendance.status == AttendanceStatus.PRESENT,
            )
        )
    )
    return [meeting_id in present for meeting_id in held]


def set_attendance(meeting: Meeting, statuses: dict[int, str]) -> None:
    committee = {seat.id for seat in team.committee_seats(meeting.project_id)}
    if not set(statuses) <= committee:
        raise ValidationFailed({"attendance": _("Only steering committee members are recorded.")})
    if not set(statuses.values()) <= set(AttendanceStatus.codes()):
        raise ValidationFailed({"attendance": _("Choose present, excused or absent.")})
    existing = {
        a.person_id: a for a in db.session.scalars(select(Attendance).where(Attendance.meeting_id == meeting.id))
    }
    for person_id, status in statuses.items():
        if person_id in existing:
            existing[person_id].status = status
        else:
            db.session.add(
                Attendance(project_id=meeting.project_id, meeting_id=meeting.id, person_id=person_id, status=status)
            )
    db.session.flush()


def quorum(committee: list, statuses: dict[int, str]) -> Quorum:
    return Quorum(sum(1 for p in committee if statuses.get(p.id) == AttendanceStatus.PRESENT), len(committee))


# --- Decisions -------------------------------------------------------------------


DECISION_FIELDS = ("decided_on", "text", "rationale", "decided_by", "meeting_id", "phase_id", "item_id")


def _validate_decision(project_id: int, values: dict) -> dict:
    errors = {}
    required_text(values, "text", _("Write down what was decided."), errors, MAX_TEXT)
    if not isinstance(values.get("decided_on"), date):
        errors["decided_on"] = _("Enter a date as YYYY-MM-DD.")
    for name, model in (("meeting_id", Meeting), ("phase_id", Phase), ("item_id", ChecklistItem)):
        if not belongs_to(model, project_id, values.get(name)):
            errors[name] = _("Choose one of this project's.")
    return errors


def record_decision(project_id: int, *, supersedes: Decision | None = None, **values) -> Decision:
    values = {k: values.get(k) for k in DECISION_FIELDS}
    errors = _validate_decision(project_id, values)
    if supersedes is not None and supersedes.superseded_by_id is not None:
        errors["supersedes"] = _("That decision has been superseded already.")
    raise_if_errors(errors)
    decision = Decision(
        project_id=project_id,
        decided_on=values["decided_on"],
        text=values["text"].strip(),
        rationale=(values["rationale"] or "").strip(),
        decided_by=(values["decided_by"] or "").strip(),
        meeting_id=values["meeting_id"],
        phase_id=values["phase_id"],
        item_id=values["item_id"],
    )
    db.session.add(decision)
    db.session.flush()
    if supersedes is not None:
        supersedes.superseded_by_id = decision.id
        db.session.flush()
    if decision.meeting_id is not None:
        _tell_attendees(decision)
    return decision


def _tell_attendees(decision: Decision) -> None:
    present = select(Attendance.person_id).where(
        Attendance.meeting_id == decision.meeting_id, Attendance.status == AttendanceStatus.PRESENT
    )
    meeting = db.session.get(Meeting, decision.meeting_id)
    notify(
        Kind.DECISION,
        "decision_recorded",
        project_id=decision.project_id,
        user_ids=team.users_of_people(db.session.scalars(present)),
        subject=decision,
        title=meeting.title,
        detail=decision.text[:200],
        link=("steering.decisions", {"project_id": decision.project_id}),
    )


def decisions(project_id: int, meeting_id: int | None = None) -> list[Decision]:
    """The project's decisions (or one meeting's), the latest first."""
    values = {"project_id": project_id, "meeting_id": meeting_id}
    return list(db.session.scalars(_decisions_statement(meeting_id is not None), values))


@functools.cache
def _decisions_statement(of_meeting: bool):
    # Built once (see docs/ARCHITECTURE.md, "Speed"): a meeting's page and every form that links a decision.
    # What the lists and the log show is joined: the phase, and the meeting unless it is the one already read.
    query = (
        select(Decision)
        .options(joinedload(Decision.phase))
        .where(Decision.project_id == bindparam("project_id"))
        .order_by(Decision.decided_on.desc(), Decision.id.desc())
    )
    if of_meeting:
        return query.where(Decision.meeting_id == bindparam("meeting_id"))
    return query.options(joinedload(Decision.meeting))


# A meeting is found with its agenda (a short list) joined in its own statement: half the time of a second,
# selectin statement. Its phases are not joined: the pages that show them read every phase's summary already.
MEETINGS = ProjectRows(
    Meeting,
    rows=meetings,
    create=create_meeting,
    update=update_meeting,
    options=(joinedload(Meeting.agenda).joinedload(AgendaItem.item),),
)


DECISIONS = ProjectRows(Decision, rows=decisions)
