"""Evidence files: upload, versions, download, limits, type checks, who may see them, what reports and gates
freeze of them, and export/import."""

import hashlib
import io
import zipfile

from sqlalchemy import func, select

from crm_rollout.backup import export_project, import_project
from crm_rollout.core.audit import AuditEntry
from crm_rollout.core.extensions import db
from crm_rollout.documents.models import Document, DocumentVersion
from crm_rollout.gates import service as gates
from crm_rollout.phases import service as phases
from crm_rollout.reports import service as reports
from tests.conftest import login
from tests.factories import MINIMAL_COMPUTED, PDF


def _docx() -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("[Content_Types].xml", '<?xml version="1.0"?><Types/>')
        archive.writestr("word/document.xml", '<?xml version="1.0"?><w:document/>')
    return out.getvalue()


def _upload(client, url, *files):
    data = {"file": [(io.BytesIO(content), name) for name, content in files]}
    return client.post(url, data=data, content_type="multipart/form-data")


def _documents(app) -> int:
    with app.app_context():
        return db.session.scalar(select(func.count(DocumentVersion.id)))


def test_attach_list_download_and_a_new_version_keeps_the_old(app, client, world):
    login(client, "consultant")
    base = f"/api/v1/items/{world.item_id}/attachments"
    answer = _upload(
        client, base, ("需求规格说明书.docx", _docx()), ("workshop notes.txt", "客户投诉处理流程\n".encode())
    )
    assert answer.status_code == 201, answer.get_json()
    created = {a["name"]: a for a in answer.get_json()}
    assert set(created) == {"需求规格说明书.docx", "workshop notes.txt"}
    listed = {a["name"]: a for a in client.get(base).get_json()}
    assert "requirements.pdf" in listed and "需求规格说明书.docx" in listed
    notes = created["workshop notes.txt"]
    body = client.get(notes["download_url"])
    assert body.data == "客户投诉处理流程\n".encode()
    assert hashlib.sha256(body.data).hexdigest() == notes["sha256"]
    assert body.headers["Content-Disposition"].startswith("attachment")
    assert body.headers["X-Content-Type-Options"] == "nosniff"

    page = f"/projects/{world.project_id}/documents/{notes['id']}/versions"
    assert _upload(client, page, ("workshop notes v2.txt", b"second version")).status_code == 302
    [now] = [a for a in client.get(base).get_json() if a["id"] == notes["id"]]
    assert (now["version"], now["name"]) == (2, "workshop notes v2.txt")
    assert client.get(now["download_url"]).data == b"second version"
    with app.app_context():
        first = db.session.scalar(
            select(DocumentVersion).where(DocumentVersion.document_id == notes["id"], DocumentVersion.number == 1)
        )
        first_id = first.id
    old = client.get(f"/projects/{world.project_id}/documents/versions/{first_id}")
    assert old.data == "客户投诉处理流程\n".encode()


def test_pdfs_and_images_may_be_previewed_other_files_never(client, world):
    login(client, "viewer")
    url = f"/projects/{world.project_id}/documents/versions/{world.version_id}"
    assert client.get(url + "?preview=1").headers["Content-Disposition"].startswith("inline")
    whole = client.get(url)
    assert whole.headers["Content-Disposition"].startswith("attachment") and whole.mimetype == "application/pdf"


def test_a_file_over_the_limit_is_413_and_nothing_is_stored(app, client, world, monkeypatch):
    monkeypatch.setitem(app.config, "DOCUMENT_MAX_BYTES", 1000)
    before = _documents(app)
    login(client, "member")
    answer = _upload(client, f"/api/v1/items/{world.item_id}/attachments", ("big.txt", b"x" * 1001))
    assert answer.status_code == 413 and "larger than" in answer.get_json()["message"]
    monkeypatch.setitem(app.config, "DOCUMENT_REQUEST_MAX_BYTES", 5000)
    whole = _upload(client, f"/api/v1/items/{world.item_id}/attachments", ("huge.txt", b"x" * 6000))
    assert whole.status_code == 413
    page = _upload(client, f"/projects/{world.project_id}/documents/items/{world.item_id}", ("big.txt", b"y" * 1001))
    assert page.status_code == 413
    assert _documents(app) == before


def test_types_are_checked_by_content_and_names_cleaned(app, client, world):
    login(client, "member")
    url = f"/api/v1/items/{world.item_id}/attachments"
    before = _documents(app)
    fake = _upload(client, url, ("invoice.pdf", b"MZ\x90\x00 this is a Windows program"))
    assert fake.status_code == 422 and "invoice.pdf" in fake.get_json()["fields"]["file"]
    binary = _upload(client, url, ("notes.txt", b"\x00\x01\x02binary"))
    assert binary.status_code == 422
    script = _upload(client, url, ("run.exe", b"MZ\x90\x00"))
    assert script.status_code == 422
    # One refused file refuses the whole upload: nothing half-attached.
    mixed = _upload(client, url, ("fine.txt", b"fine"), ("invoice.pdf", b"not a pdf"))
    assert mixed.status_code == 422 and _documents(app) == before
    named = _upload(client, url, ("../../etc/passwd.txt", b"root"), ("方案<终稿>:v2?.pdf", PDF))
    assert sorted(a["name"] for a in named.get_json()) == ["passwd.txt", "方案_终稿__v2_.pdf"]


def test_another_projects_member_sees_nothing(app, client, world):
    login(client, "outsider")
    assert client.get(f"/api/v1/attachments/{world.document_id}").status_code == 404
    assert client.get(f"/api/v1/items/{world.item_id}/attachments").status_code == 404
    assert client.get(f"/projects/{world.project_id}/documents/versions/{world.version_id}").status_code == 404
    # Their own project's id in the URL does not open this project's file either.
    url = f"/projects/{world.other_project_id}/documents/versions/{world.version_id}"
    assert client.get(url).status_code == 404
    answer = _upload(client, f"/api/v1/items/{world.item_id}/attachments", ("x.txt", b"x"))
    assert answer.status_code == 404


def test_a_viewer_downloads_but_does_not_upload(client, world):
    login(client, "viewer")
    assert client.get(f"/api/v1/attachments/{world.document_id}").status_code == 200
    answer = _upload(client, f"/api/v1/items/{world.item_id}/attachments", ("x.txt", b"x"))
    assert answer.status_code == 403


def test_removal_is_soft_and_audited(app, client, world):
    login(client, "member")
    with app.app_context():
        version = db.session.get(Document, world.document_id).version
    answer = client.post(
        f"/projects/{world.project_id}/documents/{world.document_id}/remove", data={"version": version}
    )
    assert answer.status_code == 302
    assert client.get(f"/api/v1/items/{world.item_id}/attachments").get_json() == []
    assert client.get(f"/projects/{world.project_id}/documents/versions/{world.version_id}").status_code == 200
    with app.app_context():
        entry = db.session.scalar(
            select(AuditEntry).where(AuditEntry.entity_type == "documents", AuditEntry.action == "removed")
        )
        assert entry is not None and entry.actor_id == world.users["member"]


def test_a_report_version_freezes_its_annexes_and_the_gate_its_evidence_files(app, client, world):
    login(client, "director")
    with app.app_context():
        report = reports.create_report(world.project_id, title="Blueprint report")
        db.session.commit()
        report_id = report.id
    _upload(client, f"/api/v1/reports/{report_id}/attachments", ("minutes.txt", b"first"))
    [annex] = client.get(f"/api/v1/reports/{report_id}/attachments").get_json()
    with app.app_context():
        report = reports.REPORTS.get(world.project_id, report_id)
        version = reports.submit(
            report, expected_version=report.version, submitted_by=world.users["director"], computed=MINIMAL_COMPUTED
        )
        db.session.commit()
        number = version.number
    _upload(client, f"/projects/{world.project_id}/documents/{annex['id']}/versions", ("minutes.txt", b"changed"))
    page = client.get(f"/projects/{world.project_id}/reports/{report_id}/versions/{number}").get_data(as_text=True)
    assert hashlib.sha256(b"first").hexdigest() in page
    assert hashlib.sha256(b"changed").hexdigest() not in page

    with app.app_context():
        phase = phases.get_phase(world.project_id, 1)
        frozen = gates.evidence(phase)["documents"]
    assert [(f["name"], f["sha256"]) for f in frozen] == [("requirements.pdf", hashlib.sha256(PDF).hexdigest())]


def test_the_phase_page_names_deliverables_without_evidence(app, client, world):
    login(client, "director")
    page = client.get(f"/projects/{world.project_id}/phases/1").get_data(as_text=True)
    assert "No evidence file yet" in page
    with app.app_context():
        deliverables = [d.id for d in phases.phase_deliverables(phases.get_phase(world.project_id, 1).id)]
    for deliverable_id in deliverables:
        _upload(client, f"/api/v1/deliverables/{deliverable_id}/attachments", ("signed.pdf", PDF))
    assert "No evidence file yet" not in client.get(f"/projects/{world.project_id}/phases/1").get_data(as_text=True)


def test_export_and_import_carry_the_files(app, world):
    with app.app_context():
        exported = export_project(world.project_id)
        copy_id = import_project(exported, copy=True)
        db.session.commit()
        copied = db.session.scalars(select(DocumentVersion).where(DocumentVersion.project_id == copy_id)).all()
        assert [(v.filename, v.data) for v in copied] == [("requirements.pdf", PDF)]
        assert copied[0].document.item_id != world.item_id  # pointed at the copy's item, not the original's


def test_an_import_cannot_bring_a_file_an_upload_would_refuse(app, world):
    import base64

    import pytest

    from crm_rollout.core.errors import ValidationFailed

    with app.app_context():
        exported = export_project(world.project_id)
        table = exported["tables"]["document_versions"]
        row = dict(zip(table["columns"], table["rows"][0], strict=True))
        row["data"] = base64.b64encode(b"MZ\x90\x00 not a pdf").decode()
        table["rows"][0] = [row[c] for c in table["columns"]]
        with pytest.raises(ValidationFailed):
            import_project(exported, copy=True)
