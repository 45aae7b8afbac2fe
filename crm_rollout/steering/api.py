"""JSON API for steering meetings, decisions and actions, and the signed review every committee review shares."""

from flask import g
from flask_login import current_user

from crm_rollout.auth.hooks import confirm_own_password
from crm_rollout.auth.service import LoginThrottled
from crm_rollout.core.api.common import fields_json, invalid, json_body
from crm_rollout.core.api.docs import shape_of
from crm_rollout.core.api.parsing import Field, from_model, parse
from crm_rollout.core.api.resources import Collection, serve
from crm_rollout.core.errors import ValidationFailed, json_error
from crm_rollout.core.extensions import db
from crm_rollout.core.limits import TEXT_MAX
from crm_rollout.core.permissions import MANAGE_STEERING, VIEW
from crm_rollout.steering import actions as committee_actions
from crm_rollout.steering import service as steering
from crm_rollout.steering.models import Action, Decision, Meeting
from crm_rollout.steering.reviewing import REVIEW_DECISIONS

REVIEW_SPEC = {
    "decision": Field("str", enum=REVIEW_DECISIONS),
    "comment": Field("str", max_length=TEXT_MAX),
    "password": Field("str", max_length=1024),
}


def signed_review(review):
    """Parse a review body, check the password, then call `review(reviewer_id=..., decision=..., comment=...,
    (a service's review bound to its subject) and commit; None, or 401 / 422 / 429."""
    body = json_body()
    if body is None:
        return invalid({"body": "Send a JSON object."})
    values, errors = parse(body, REVIEW_SPEC, ignore=())
    if errors:
        return invalid(errors)
    try:
        confirmed = confirm_own_password(values.get("password", ""))
    except LoginThrottled:
        return json_error(429, "Too many failed password checks; wait a few minutes.")
    if not confirmed:
        return json_error(401, "Confirm the review with your password.")
    try:
        review(
            reviewer_id=current_user.id,
            decision=values.get("decision", ""),
            comment=values.get("comment", ""),
        )
    except ValidationFailed as error:
        db.session.rollback()
        return invalid(error.errors)
    db.session.commit()
    return None


REVIEW_OUT = {"reviewer": "int", "decision": "str", "comment": "str"}


MEETING_SPEC = {
    "title": "str",
    "meeting_date": "date",
    "start_time": "time?",
    "location": "str",
    "call_link": "str",
    "minutes": "str",
}


MEETING_SPEC = from_model(Meeting, MEETING_SPEC)


MEETING_CREATE_SPEC = {k: v for k, v in MEETING_SPEC.items() if k != "minutes"}  # minutes come after the meeting


DECISION_SPEC = {
    "decided_on": "date",
    "text": "str",
    "rationale": "str",
    "decided_by": "str",
    "meeting_id": "int?",
    "phase_id": "int?",
    "item_id": "int?",
    "supersedes": "int?",
}


DECISION_SPEC = from_model(Decision, DECISION_SPEC)


ACTION_SPEC = from_model(
    Action, {"title": "str", "owner_id": "int?", "due_date": "date?", "status": "str", "meeting_id": "int?"}
)


ACTION_CREATE_SPEC = {k: v for k, v in ACTION_SPEC.items() if k != "status"}  # a new action is open


ACTION_PATCH_SPEC = {k: v for k, v in ACTION_SPEC.items() if k != "meeting_id"}  # where it came from stays


def meeting_json(m) -> dict:
    start = m.start_time.strftime("%H:%M") if m.start_time else None  # as it is typed: no seconds
    return fields_json(m, ("title", "meeting_date", "location", "call_link", "minutes")) | {
        "start_time": start,
        "minutes_approved": m.minutes_locked,
    }


def decision_json(d) -> dict:
    fields = ("decided_on", "text", "rationale", "decided_by", "meeting_id", "phase_id", "item_id")
    return fields_json(d, fields) | {"superseded_by": d.superseded_by_id}


def action_json(a) -> dict:
    return fields_json(a, ("title", "owner_id", "due_date", "status", "meeting_id")) | {"overdue": a.is_overdue}


MEETING_OUT = shape_of(MEETING_SPEC, id="int", minutes_approved="bool", version="int")


DECISION_OUT = shape_of(
    {k: v for k, v in DECISION_SPEC.items() if k != "supersedes"}, id="int", superseded_by="int?", version="int"
)


ACTION_OUT = shape_of(ACTION_SPEC, id="int", overdue="bool", version="int")


def _record_decision(project_id: int, supersedes: int | None = None, **values):
    earlier = steering.DECISIONS.get(project_id, supersedes) if supersedes else None
    return steering.record_decision(project_id, supersedes=earlier, **values)


serve(
    Collection(
        "meetings",
        steering.MEETINGS,
        meeting_json,
        MEETING_OUT,
        MANAGE_STEERING,
        MEETING_SPEC,
        required=("title", "meeting_date"),
        create_spec=MEETING_CREATE_SPEC,
    )
)
serve(
    Collection(
        "decisions",
        steering.DECISIONS,
        decision_json,
        DECISION_OUT,
        MANAGE_STEERING,
        DECISION_SPEC,
        required=("decided_on", "text"),
        create=_record_decision,
    )
)
# The committee's runners change anything in an action; its owner may change its status.
serve(
    Collection(
        "actions",
        committee_actions.ACTIONS,
        action_json,
        ACTION_OUT,
        MANAGE_STEERING,
        ACTION_PATCH_SPEC,
        required=("title",),
        create_spec=ACTION_CREATE_SPEC,
        patch_permission=VIEW,
        editable=lambda action: committee_actions.editable_action_fields(g.permissions, current_user.id, action),
    )
)
