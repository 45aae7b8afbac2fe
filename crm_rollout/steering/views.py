"""The steering committee: members and duties, meetings (agenda, attendance, minutes, votes), decisions, actions."""

from flask import Blueprint, abort, flash, g, redirect, request, url_for
from flask_login import current_user

from crm_rollout.core import calendar
from crm_rollout.core.extensions import db
from crm_rollout.core.forms import data_of, nothing_first, scoped
from crm_rollout.core.i18n import gettext as _
from crm_rollout.core.permissions import COMMENT, MANAGE_STEERING, VIEW, VOTE
from crm_rollout.core.permissions import project_access as access
from crm_rollout.core.security import safe_next
from crm_rollout.core.web import (
    base_url,
    failed_status,
    flash_form_errors,
    form_version,
    render_project,
    run_action,
    save_form,
)
from crm_rollout.documents import service as documents
from crm_rollout.methodology import organisation_template
from crm_rollout.phases import service as phases
from crm_rollout.phases.forms import phase_choices
from crm_rollout.steering import actions as committee_actions
from crm_rollout.steering import invitations, meeting_page, service
from crm_rollout.steering.forms import (
    ActionForm,
    ActionStatusForm,
    AgendaForm,
    DecisionForm,
    MeetingForm,
    MinutesForm,
    NoteForm,
)
from crm_rollout.team import service as team

bp = Blueprint("steering", __name__, url_prefix="/projects/<int:project_id>/steering")


@bp.get("/")
@access(VIEW)
def committee(project_id: int):
    steering_tier = next(t for t in organisation_template()["tiers"] if t["key"] == "steering")
    return render_project(
        "steering/committee.html",
        committee=team.committee(g.project.id),
        duties=steering_tier,
        meetings=service.meetings(project_id),
        overdue=committee_actions.overdue_actions(project_id),
    )


@bp.route("/meetings/new", methods=["GET", "POST"])
@access(MANAGE_STEERING)
def new_meeting(project_id: int):
    form = MeetingForm()
    saved = save_form(form, lambda: service.create_meeting(project_id, **data_of(form, service.MEETING_FIELDS)))
    if saved:
        flash(_("Meeting scheduled. Add the agenda next."), "success")
        return redirect(url_for("steering.meeting", project_id=project_id, meeting_id=saved.value.id))
    return render_project("steering/meeting_form.html", 400 if form.is_submitted() else 200, form=form)


def _meeting_page(meeting, status=200, **forms):
    summaries = phases.summaries(meeting.project_id)
    agenda_form = forms.get("agenda_form") or AgendaForm(formdata=None)
    agenda_form.phase_id.choices = phase_choices(summaries)
    action_form = forms.get("action_form") or ActionForm(formdata=None)
    roster = team.roster(g.project.id)  # read once: the action's owner is chosen from it, the committee listed
    action_form.owner_id.choices = nothing_first(team.choices_of(roster), nobody=True)
    decision_form = forms.get("decision_form") or DecisionForm(
        formdata=None, decided_on=meeting.meeting_date, meeting_id=meeting.id
    )
    decision_form.phase_id.choices = phase_choices(summaries)
    committee = team.committee_of(roster)
    statuses = meeting_page.attendance(meeting)
    return render_project(
        "steering/meeting.html",
        status,
        meeting=meeting,
        phase_summaries=summaries,
        progress_by_phase={s.phase.id: s for s in summaries},
        committee=committee,
        statuses=statuses,
        quorum=service.quorum(committee, statuses),
        votes=meeting_page.votes_by_agenda_item(meeting),
        decisions=service.decisions(meeting.project_id, meeting.id),
        actions=committee_actions.actions(meeting.project_id, meeting.id),
        notes=meeting_page.notes(meeting.id),
        to_approve=meeting_page.earlier_unapproved(meeting),
        details_form=scoped(forms.get("details_form") or MeetingForm(formdata=None, obj=meeting), "meeting"),
        minutes_form=scoped(
            forms.get("minutes_form") or MinutesForm(formdata=None, minutes=meeting.minutes, version=meeting.version),
            "minutes",
        ),
        agenda_form=scoped(agenda_form, "agenda"),
        action_form=scoped(action_form, "action"),
        decision_form=scoped(decision_form, "decision"),
        note_form=scoped(forms.get("note_form") or NoteForm(formdata=None), "note"),
        conflict=forms.get("conflict", False),
    )


@bp.get("/meetings/<int:meeting_id>")
@access(VIEW)
def meeting(project_id: int, meeting_id: int):
    return _meeting_page(service.MEETINGS.get(project_id, meeting_id))


def _back(meeting, anchor=""):
    return redirect(url_for("steering.meeting", project_id=meeting.project_id, meeting_id=meeting.id) + anchor)


@bp.post("/meetings/<int:meeting_id>")
@access(MANAGE_STEERING)
def update_meeting(project_id: int, meeting_id: int):
    """Saves either the meeting's details or its minutes (which form was sent decides)."""
    meeting = service.MEETINGS.get(project_id, meeting_id)
    form = MinutesForm() if "minutes" in request.form else MeetingForm()
    minutes = isinstance(form, MinutesForm)
    fields = ("minutes",) if minutes else service.MEETING_FIELDS
    saved = save_form(
        form,
        lambda: service.update_meeting(meeting, expected_version=form_version(form), changes=data_of(form, fields)),
    )
    if saved:
        flash(_("Meeting saved."), "success")
        return _back(meeting, "#minutes" if minutes else "")
    key = "minutes_form" if minutes else "details_form"
    return _meeting_page(meeting, failed_status(form), **{key: form, "conflict": form.conflict})


@bp.post("/meetings/<int:meeting_id>/agenda")
@access(MANAGE_STEERING)
def add_agenda_item(project_id: int, meeting_id: int):
    meeting = service.MEETINGS.get(project_id, meeting_id)
    form = AgendaForm()
    form.phase_id.choices = []
    if save_form(
        form,
        lambda: service.add_agenda_item(
            meeting, title=form.title.data, phase_id=form.phase_id.data, vote_requested=form.vote_requested.data
        ),
    ):
        return _back(meeting, "#agenda")
    return _meeting_page(meeting, 400, agenda_form=form)


@bp.post("/meetings/<int:meeting_id>/agenda/<int:agenda_item_id>/remove")
@access(MANAGE_STEERING)
def remove_agenda_item(project_id: int, meeting_id: int, agenda_item_id: int):
    meeting = service.MEETINGS.get(project_id, meeting_id)
    service.remove_agenda_item(meeting, agenda_item_id)
    db.session.commit()
    flash(_("Agenda item removed."), "success")
    return _back(meeting, "#agenda")


@bp.post("/meetings/<int:meeting_id>/attendance")
@access(MANAGE_STEERING)
def attendance(project_id: int, meeting_id: int):
    meeting = service.MEETINGS.get(project_id, meeting_id)
    statuses = {
        int(key.removeprefix("person-")): value
        for key, value in request.form.items()
        if key.startswith("person-") and key.removeprefix("person-").isdigit() and value
    }
    run_action(lambda: service.set_attendance(meeting, statuses), done=_("Attendance saved."))
    return _back(meeting, "#attendance")


@bp.post("/meetings/<int:meeting_id>/approve-minutes")
@access(MANAGE_STEERING)
def approve_minutes(project_id: int, meeting_id: int):
    meeting = service.MEETINGS.get(project_id, meeting_id)
    earlier_id = request.form.get("minutes_of", type=int)
    if earlier_id is None:
        flash(_("Choose the meeting whose minutes are approved."), "error")
        return _back(meeting, "#minutes")
    earlier = service.MEETINGS.get(project_id, earlier_id)
    run_action(
        lambda: service.approve_minutes(earlier, in_meeting=meeting),
        done=_("Minutes of %(title)s approved and locked.", title=earlier.title),
    )
    return _back(meeting, "#minutes")


@bp.post("/meetings/<int:meeting_id>/notes")
@access(COMMENT)
def add_note(project_id: int, meeting_id: int):
    meeting = service.MEETINGS.get(project_id, meeting_id)
    kind = "amendment" if request.form.get("kind") == "amendment" else "comment"
    if kind == "amendment" and MANAGE_STEERING not in g.permissions:
        abort(403)
    form = NoteForm()
    if save_form(form, lambda: service.add_note(meeting, author_id=current_user.id, body=form.body.data, kind=kind)):
        return _back(meeting, "#notes")
    return _meeting_page(meeting, 400, note_form=form)


@bp.post("/meetings/<int:meeting_id>/votes/<int:agenda_item_id>")
@access(VOTE)
def vote(project_id: int, meeting_id: int, agenda_item_id: int):
    meeting = service.MEETINGS.get(project_id, meeting_id)
    choice = request.form.get("choice", "")
    run_action(
        lambda: service.cast_vote(meeting, agenda_item_id=agenda_item_id, user_id=current_user.id, choice=choice),
        done=_("Your vote is recorded."),
    )
    return _back(meeting, "#agenda")


@bp.get("/meetings/<int:meeting_id>/invitation.ics")
@access(VIEW)
def meeting_invitation(project_id: int, meeting_id: int):
    """The meeting as a calendar invitation; the same UID as in the feeds, so it is one event, not two."""
    meeting = service.MEETINGS.get(project_id, meeting_id)
    entry = invitations.meeting_entry(meeting, g.project.name)
    return calendar.response(calendar.document(meeting.title, [entry], host=base_url()), f"meeting-{meeting.id}.ics")


@bp.get("/meetings/<int:meeting_id>/pack")
@access(VIEW)
def meeting_pack(project_id: int, meeting_id: int):
    meeting = service.MEETINGS.get(project_id, meeting_id)
    summaries = phases.summaries(project_id)
    return render_project(
        "steering/pack.html",
        meeting=meeting,
        progress_by_phase={s.phase.id: s for s in summaries},
        phase_summaries=summaries,
        committee=team.committee_seats(g.project.id),
        overdue=committee_actions.overdue_actions(project_id),
        annexes=documents.documents_of("meetings", [meeting.id]).get(meeting.id, []),
        print_page=True,
    )


@bp.get("/meetings/<int:meeting_id>/minutes")
@access(VIEW)
def minutes(project_id: int, meeting_id: int):
    meeting = service.MEETINGS.get(project_id, meeting_id)
    committee = team.committee_seats(g.project.id)
    statuses = meeting_page.attendance(meeting)
    return render_project(
        "steering/minutes.html",
        meeting=meeting,
        committee=committee,
        statuses=statuses,
        quorum=service.quorum(committee, statuses),
        decisions=service.decisions(project_id, meeting.id),
        actions=committee_actions.actions(project_id, meeting.id),
        amendments=[n for n in meeting_page.notes(meeting.id) if n.kind == "amendment"],
        print_page=True,
    )


# --- Decisions ----------------------------------------------------------------------


@bp.get("/decisions")
@access(VIEW)
def decisions(project_id: int):
    return _decisions_page()


def _decisions_page(form=None, status=200):
    project_id = g.project.id
    all_decisions = service.decisions(project_id)
    summaries = phases.summaries(project_id)
    form = form or DecisionForm(formdata=None)
    form.phase_id.choices = phase_choices(summaries)
    form.meeting_id.choices = [(None, _("— outside a meeting —"))] + [
        (m.id, f"{m.meeting_date.isoformat()} {m.title}") for m in service.meetings(project_id)
    ]
    form.supersedes.choices = [(None, _("— nothing —"))] + [
        (d.id, f"#{d.id} {d.text[:60]}") for d in all_decisions if d.superseded_by_id is None
    ]
    return render_project(
        "steering/decisions.html", status, decisions=all_decisions, form=form, phase_summaries=summaries
    )


@bp.post("/decisions")
@access(MANAGE_STEERING)
def record_decision(project_id: int):
    form = DecisionForm()
    form.phase_id.choices = form.meeting_id.choices = form.supersedes.choices = []
    saved = save_form(
        form,
        lambda: service.record_decision(
            project_id,
            supersedes=service.DECISIONS.get(project_id, form.supersedes.data) if form.supersedes.data else None,
            decided_on=form.decided_on.data,
            text=form.text.data,
            rationale=form.rationale.data,
            decided_by=form.decided_by.data,
            meeting_id=form.meeting_id.data,
            phase_id=form.phase_id.data,
        ),
    )
    if not saved:
        return _decisions_page(form, 400)
    decision = saved.value
    flash(_("Decision #%(id)d recorded.", id=decision.id), "success")
    if decision.meeting_id and request.form.get("from_meeting"):
        return redirect(
            url_for("steering.meeting", project_id=project_id, meeting_id=decision.meeting_id) + "#decisions"
        )
    return redirect(url_for("steering.decisions", project_id=project_id))


# --- Actions ------------------------------------------------------------------------


@bp.get("/actions")
@access(VIEW)
def actions(project_id: int):
    form = ActionForm(formdata=None)
    form.owner_id.choices = nothing_first(team.person_choices(g.project.id), nobody=True)
    return render_project(
        "steering/actions.html",
        actions=committee_actions.actions(project_id),
        form=form,
        my_people={p.id for p in team.people_of_user(project_id, current_user.id)},
    )


@bp.post("/actions")
@access(MANAGE_STEERING)
def create_action(project_id: int):
    form = ActionForm()
    form.owner_id.choices = []
    meeting_id = request.form.get("meeting_id", type=int)
    if form.validate_on_submit():
        run_action(
            lambda: committee_actions.create_action(
                project_id,
                title=form.title.data,
                owner_id=form.owner_id.data,
                due_date=form.due_date.data,
                meeting_id=meeting_id,
            ),
            done=_("Action recorded."),
        )
    else:
        flash_form_errors(form)
    if meeting_id:
        return redirect(url_for("steering.meeting", project_id=project_id, meeting_id=meeting_id) + "#actions")
    return redirect(url_for("steering.actions", project_id=project_id))


@bp.post("/actions/<int:action_id>")
@access(VIEW)
def update_action(project_id: int, action_id: int):
    """Status changes: by whoever runs the committee, or by the action's owner."""
    action = committee_actions.ACTIONS.get(project_id, action_id)
    if "status" not in committee_actions.editable_action_fields(g.permissions, current_user.id, action):
        abort(403)
    form = ActionStatusForm()
    if not form.validate_on_submit():
        abort(400)
    run_action(
        lambda: committee_actions.update_action(
            action, expected_version=form_version(form), changes={"status": form.status.data}
        ),
        done=_("Action updated."),
    )
    return redirect(safe_next(request.form.get("back")) or url_for("steering.actions", project_id=project_id))
