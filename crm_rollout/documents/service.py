"""Attaching files to a project's things, keeping their versions, and listing them for pages and packs."""

import functools
from collections import defaultdict

from sqlalchemy import bindparam, func, select

from crm_rollout.core.db import utcnow
from crm_rollout.core.editing import check_version
from crm_rollout.core.errors import NotFound, ValidationFailed
from crm_rollout.core.extensions import db
from crm_rollout.core.i18n import gettext as _
from crm_rollout.core.lookup import get_in_project
from crm_rollout.documents import files, storage
from crm_rollout.documents.models import SUBJECTS, Document, DocumentVersion

UPLOAD_MAX_FILES = 20


def subject_model(kind: str):
    """The model a kind of subject is (read from the document's foreign key: no domain is imported)."""
    if kind not in SUBJECTS:
        raise NotFound()
    table = next(iter(Document.__table__.c[SUBJECTS[kind]].foreign_keys)).column.table
    return next(m.class_ for m in db.Model.registry.mappers if m.local_table is table)


def project_id_of_subject(kind: str, subject_id: int) -> int | None:
    if kind not in SUBJECTS:
        return None
    model = subject_model(kind)
    return db.session.scalar(select(model.project_id).where(model.id == subject_id))


def attach(project_id: int, kind: str, subject_id: int, uploads: list[tuple[str, bytes]], *, user_id: int):
    """Attach several files at once: all of them, or none if one is refused (each refusal named)."""
    if not uploads:
        raise ValidationFailed({"file": _("Choose at least one file.")})
    if len(uploads) > UPLOAD_MAX_FILES:
        raise ValidationFailed({"file": _("Attach at most %(n)d files at once.", n=UPLOAD_MAX_FILES)})
    get_in_project(subject_model(kind), project_id, subject_id)
    checked, problems = [], []
    for filename, data in uploads:
        try:
            checked.append(files.check(filename, data))
        except ValidationFailed as refused:
            problems.append(refused.errors["file"])
    if problems:
        raise ValidationFailed({"file": " ".join(problems)})
    attached = []
    for upload in checked:
        document = Document(project_id=project_id, name=upload.filename, **{SUBJECTS[kind]: subject_id})
        db.session.add(document)
        db.session.flush()
        _add_version(document, upload, user_id)
        attached.append(document)
    return attached


def add_version(document: Document, filename: str, data: bytes, *, user_id: int) -> DocumentVersion:
    """A new version of a document: the earlier ones stay, and so does what was frozen from them."""
    if document.removed_at is not None:
        raise ValidationFailed({"file": _("This document has been removed.")})
    version = _add_version(document, files.check(filename, data), user_id)
    document.name = version.filename
    document.updated_at = utcnow()  # a new version is a change of the document, for readers of its version
    db.session.flush()
    return version


def _add_version(document: Document, upload: files.Checked, user_id: int) -> DocumentVersion:
    number = (
        db.session.scalar(select(func.max(DocumentVersion.number)).where(DocumentVersion.document_id == document.id))
        or 0
    ) + 1
    version = DocumentVersion(
        project_id=document.project_id,
        document_id=document.id,
        number=number,
        filename=upload.filename,
        mime_type=upload.mime_type,
        size=upload.size,
        sha256=upload.sha256,
        uploaded_by_id=user_id,
    )
    version.data, version.storage_key = storage.put(upload.sha256, upload.data)
    db.session.add(version)
    db.session.flush()
    db.session.expire(document, ["versions"])
    return version


def remove(document: Document, *, expected_version) -> None:
    """A soft delete: the document leaves the lists; its versions stay for what was frozen from them."""
    check_version(document, expected_version)
    document.removed_at = utcnow()
    db.session.flush()


def documents_of(kind: str, subject_ids) -> dict[int, list[Document]]:
    """subject id -> its documents (not removed), oldest first: two queries whatever the number."""
    ids = list(subject_ids)
    if kind not in SUBJECTS or not ids:
        return {}
    rows = db.session.scalars(_documents_statement(kind), {"subject_ids": ids})
    found = defaultdict(list)
    for document in rows:
        found[getattr(document, SUBJECTS[kind])].append(document)
    return dict(found)


@functools.cache
def _documents_statement(kind: str):
    # Built once for each kind of subject (see docs/ARCHITECTURE.md, "Speed"): many pages show documents.
    column = getattr(Document, SUBJECTS[kind])
    subject_ids = bindparam("subject_ids", expanding=True)
    return select(Document).where(column.in_(subject_ids), Document.removed_at.is_(None)).order_by(Document.id)


def get_document(project_id: int, document_id: int) -> Document:
    document = get_in_project(Document, project_id, document_id)
    if document.removed_at is not None:
        raise NotFound()
    return document


def get_version(project_id: int, version_id: int) -> DocumentVersion:
    return get_in_project(DocumentVersion, project_id, version_id)


def project_id_of_document(document_id: int) -> int | None:
    return db.session.scalar(select(Document.project_id).where(Document.id == document_id))


def project_id_of_version(version_id: int) -> int | None:
    return db.session.scalar(select(DocumentVersion.project_id).where(DocumentVersion.id == version_id))


def manifest(documents: list[Document]) -> list[dict]:
    """What a frozen report or gate records of its documents: the version it saw, by name and SHA-256."""
    return [
        {
            "document_id": d.id,
            "name": d.current.filename,
            "version": d.current.number,
            "version_id": d.current.id,
            "size": d.current.size,
            "sha256": d.current.sha256,
        }
        for d in documents
    ]
