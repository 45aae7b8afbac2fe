"""JSON API: the caller's notifications and who the caller is."""

from flask import jsonify, request, url_for
from flask_login import current_user, login_required

from crm_rollout.core.api.blueprint import bp
from crm_rollout.core.api.common import iso
from crm_rollout.core.api.docs import returns
from crm_rollout.core.errors import json_error
from crm_rollout.core.extensions import db
from crm_rollout.notifications import service
from crm_rollout.notifications.words import link_of, sentence_of

NOTIFICATION_OUT = {
    "id": "int",
    "project_id": "int",
    "kind": "str",
    "text": "str",
    "url": "str",
    "subject_type": "str",
    "subject_id": "int",
    "created_at": "datetime",
    "read_at": "datetime?",
}

ME_OUT = {
    "id": "int",
    "username": "str",
    "display_name": "str",
    "email": "str",
    "language": "str?",
    "calendar_url": "str",
}


def notification_json(row) -> dict:
    return {
        "id": row.id,
        "project_id": row.project_id,
        "kind": row.kind,
        "text": sentence_of(row),
        "url": link_of(row, external=True),
        "subject_type": row.subject_type,
        "subject_id": row.subject_id,
        "created_at": iso(row.created_at),
        "read_at": iso(row.read_at),
    }


@bp.get("/notifications")
@returns([NOTIFICATION_OUT])
@login_required
def list_notifications():
    """The caller's newest notifications (?unread=1: the unread ones only)."""
    rows = service.inbox(current_user.id, unread_only=request.args.get("unread") in ("1", "true"))
    return jsonify([notification_json(row) for row in rows])


@bp.post("/notifications/<int:notification_id>/read")
@returns(NOTIFICATION_OUT)
@login_required
def read_notification(notification_id: int):
    """Mark one of the caller's notifications read."""
    row = service.get_own(current_user.id, notification_id)
    if row is None:
        return json_error(404, "No such notification of yours.")
    service.mark_read(current_user.id, [row.id])
    db.session.commit()
    db.session.refresh(row)
    return jsonify(notification_json(row))


@bp.get("/me")
@returns(ME_OUT)
@login_required
def me():
    """The caller's account, and the address of their private calendar feed."""
    token = service.calendar_token(current_user.id)
    db.session.commit()
    return jsonify(
        {
            "id": current_user.id,
            "username": current_user.username,
            "display_name": current_user.display_name,
            "email": current_user.email,
            "language": current_user.locale,
            "calendar_url": url_for("calendar.feed", token=token, _external=True),
        }
    )
