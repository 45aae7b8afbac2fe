"""Documents in an S3-compatible object store (a real S3 API served by moto on localhost): upload, download,
and an export that still carries every file."""

import io

import boto3
import pytest
from moto.server import ThreadedMotoServer
from sqlalchemy import select

from crm_rollout.backup import export_project, import_project
from crm_rollout.core.extensions import db
from crm_rollout.documents.models import DocumentVersion
from tests.conftest import login

BUCKET = "crm-evidence"


@pytest.fixture
def object_store(app, monkeypatch):
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    server.start()
    host, port = server.get_host_and_port()
    endpoint = f"http://{host}:{port}"
    for name, value in (("AWS_ACCESS_KEY_ID", "test"), ("AWS_SECRET_ACCESS_KEY", "test")):
        monkeypatch.setenv(name, value)
    for name, value in (
        ("DOCUMENT_STORE", "s3"),
        ("S3_BUCKET", BUCKET),
        ("S3_ENDPOINT_URL", endpoint),
        ("S3_REGION", "us-east-1"),
    ):
        monkeypatch.setitem(app.config, name, value)
    client = boto3.client("s3", endpoint_url=endpoint, region_name="us-east-1")
    client.create_bucket(Bucket=BUCKET)
    yield client
    server.stop()


def test_files_go_to_the_object_store_and_come_back(app, client, world, object_store):
    login(client, "member")
    content = "第二次研讨会纪要 · workshop 2".encode()
    answer = client.post(
        f"/api/v1/items/{world.item_id}/attachments",
        data={"file": [(io.BytesIO(content), "workshop-2.txt")]},
        content_type="multipart/form-data",
    )
    assert answer.status_code == 201, answer.get_json()
    [attached] = answer.get_json()
    with app.app_context():
        version = db.session.scalar(select(DocumentVersion).where(DocumentVersion.document_id == attached["id"]))
        assert version.data is None and version.storage_key.endswith(attached["sha256"])
        key = version.storage_key
    assert object_store.get_object(Bucket=BUCKET, Key=key)["Body"].read() == content
    assert client.get(attached["download_url"]).data == content

    with app.app_context():
        exported = export_project(world.project_id)
        copy_id = import_project(exported, copy=True)
        db.session.commit()
        copied = db.session.scalars(select(DocumentVersion).where(DocumentVersion.project_id == copy_id)).all()
        assert content in [v.data for v in copied]  # the export carried the bytes from the store
