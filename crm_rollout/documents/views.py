"""Uploading, versioning, downloading and removing a project's evidence files."""

import io

from flask import Blueprint, Response, abort, flash, g, redirect, request, send_file, url_for
from flask_babel import ngettext
from flask_login import current_user

from crm_rollout.core.i18n import gettext as _
from crm_rollout.core.limits import large_body
from crm_rollout.core.permissions import ATTACH, VIEW, project_access
from crm_rollout.core.security import safe_next
from crm_rollout.core.web import run_action
from crm_rollout.documents import files, service, storage
from crm_rollout.documents.models import SUBJECTS

bp = Blueprint("documents", __name__, url_prefix="/projects/<int:project_id>/documents")
KINDS = "any(" + ", ".join(SUBJECTS) + ")"
UPLOAD_LIMIT = "DOCUMENT_REQUEST_MAX_BYTES"


def read_uploads() -> list[tuple[str, bytes]]:
    """The files of a multipart request (field `file`), read within the upload limit: a request larger than
    the files allowed at once is refused with 413 before anything is read (`large_body` on the route), and so
    is a file over the limit."""
    uploads = [(f.filename or "", f.read(files.size_limit() + 1)) for f in request.files.getlist("file")]
    for name, data in uploads:
        if len(data) > files.size_limit():
            abort(
                413,
                _("%(name)s is larger than %(mb)d MB.", name=files.clean_name(name), mb=files.size_limit() // 2**20),
            )
    return uploads


def _back(default: str):
    return redirect(safe_next(request.form.get("next")) or default)


@bp.post(f"/<{KINDS}:kind>/<int:subject_id>")
@large_body(UPLOAD_LIMIT)
@project_access(ATTACH)
def attach(project_id: int, kind: str, subject_id: int):
    uploads = read_uploads()
    run_action(
        lambda: service.attach(project_id, kind, subject_id, uploads, user_id=current_user.id),
        done=lambda attached: ngettext("%(num)d file attached.", "%(num)d files attached.", len(attached)),
    )
    return _back(url_for("projects.overview", project_id=project_id))


@bp.post("/<int:document_id>/versions")
@large_body(UPLOAD_LIMIT)
@project_access(ATTACH)
def add_version(project_id: int, document_id: int):
    document = service.get_document(project_id, document_id)
    uploads = read_uploads()
    if len(uploads) != 1:
        flash(_("Choose one file for the new version."), "error")
        return _back(url_for("projects.overview", project_id=project_id))
    (filename, data) = uploads[0]
    run_action(
        lambda: service.add_version(document, filename, data, user_id=current_user.id),
        done=_("Version saved; the earlier ones are kept."),
    )
    return _back(url_for("projects.overview", project_id=project_id))


@bp.post("/<int:document_id>/remove")
@project_access(ATTACH)
def remove(project_id: int, document_id: int):
    document = service.get_document(project_id, document_id)
    run_action(
        lambda: service.remove(document, expected_version=request.form.get("version", type=int)),
        done=_("Document removed. Its versions stay in the trail and in what was frozen from them."),
    )
    return _back(url_for("projects.overview", project_id=project_id))


@bp.get("/versions/<int:version_id>")
@project_access(VIEW)
def download(project_id: int, version_id: int):
    return file_response(service.get_version(g.project.id, version_id), preview=request.args.get("preview") == "1")


def file_response(version, *, preview: bool = False) -> Response:
    """The bytes, as an attachment; images and PDFs may be shown in the page when asked."""
    response = send_file(
        io.BytesIO(storage.read(version)),
        mimetype=version.mime_type,
        as_attachment=not (preview and version.mime_type in files.PREVIEWED),
        download_name=version.filename,  # send_file writes a non-ASCII name as RFC 5987 filename*
        etag=version.sha256,
        max_age=3600,
    )
    response.cache_control.private = True
    response.headers["X-Content-Type-Options"] = "nosniff"
    return response
