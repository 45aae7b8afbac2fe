"""JSON API for evidence files: attach to a thing of a project, list them, download one."""

from flask import g, jsonify, url_for
from flask_login import current_user

from crm_rollout.core.api.blueprint import bp
from crm_rollout.core.api.common import invalid, iso
from crm_rollout.core.api.docs import returns, returns_file, uploads
from crm_rollout.core.errors import ValidationFailed
from crm_rollout.core.extensions import db
from crm_rollout.core.limits import large_body
from crm_rollout.core.permissions import ATTACH, VIEW, project_access
from crm_rollout.documents import service
from crm_rollout.documents.files import BINARY, TEXT
from crm_rollout.documents.views import KINDS, UPLOAD_LIMIT, file_response, read_uploads

ATTACHMENT_OUT = {
    "id": "int",
    "name": "str",
    "size": "int",
    "sha256": "str",
    "version": "int",
    "mime_type": "str",
    "uploaded_at": "datetime",
    "download_url": "str",
}


def attachment_json(document) -> dict:
    current = document.current
    return {
        "id": document.id,
        "name": current.filename,
        "size": current.size,
        "sha256": current.sha256,
        "version": current.number,
        "mime_type": current.mime_type,
        "uploaded_at": iso(current.uploaded_at),
        "download_url": url_for("api.get_attachment", document_id=document.id, _external=True),
    }


def _project_of_subject(kwargs):
    return service.project_id_of_subject(kwargs["kind"], kwargs["subject_id"])


@bp.get(f"/<{KINDS}:kind>/<int:subject_id>/attachments")
@returns([ATTACHMENT_OUT])
@project_access(VIEW, project_of=_project_of_subject)
def list_attachments(kind: str, subject_id: int):
    """The documents attached to a checklist item, deliverable, meeting, report, risk, decision or process."""
    documents = service.documents_of(kind, [subject_id]).get(subject_id, [])
    return jsonify([attachment_json(d) for d in documents])


@bp.post(f"/<{KINDS}:kind>/<int:subject_id>/attachments")
@large_body(UPLOAD_LIMIT)
@uploads
@returns([ATTACHMENT_OUT])
@project_access(ATTACH, project_of=_project_of_subject)
def create_attachments(kind: str, subject_id: int):
    """Attach one or more files (multipart, field `file`); all or none."""
    files = read_uploads()
    try:
        attached = service.attach(g.project.id, kind, subject_id, files, user_id=current_user.id)
        body = [attachment_json(d) for d in attached]
    except ValidationFailed as refused:
        db.session.rollback()
        return invalid(refused.errors)
    db.session.commit()
    return jsonify(body), 201


@bp.get("/attachments/<int:document_id>")
@returns_file({*BINARY.values(), *TEXT.values()})
@project_access(VIEW, project_of=lambda kw: service.project_id_of_document(kw["document_id"]))
def get_attachment(document_id: int):
    """The current version's bytes."""
    return file_response(service.get_document(g.project.id, document_id).current)
