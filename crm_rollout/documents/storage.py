"""Where a document's bytes live. By default in the database, beside their row: every app server sees them and
a database backup holds them. A large deployment may keep them in an S3-compatible object store instead
(DOCUMENT_STORE=s3 with S3_BUCKET, and S3_ENDPOINT_URL for a store other than AWS; credentials as boto3 reads
them from the environment). Objects are named by their SHA-256, so the same file is stored once and an
upload that is rolled back leaves at most an unreferenced object, never a row without its bytes."""

from functools import cache

from flask import current_app


def uses_object_store() -> bool:
    return current_app.config["DOCUMENT_STORE"] == "s3"


def put(sha256: str, data: bytes) -> tuple[bytes | None, str | None]:
    """Keep the bytes: (what the row holds itself, the object's key in the store)."""
    if not uses_object_store():
        return data, None
    key = f"{current_app.config['S3_PREFIX']}{sha256}"
    _client().put_object(Bucket=current_app.config["S3_BUCKET"], Key=key, Body=data)
    return None, key


def read(version) -> bytes:
    return version.data if version.storage_key is None else fetch(version.storage_key)


def fetch(key: str) -> bytes:
    return _client().get_object(Bucket=current_app.config["S3_BUCKET"], Key=key)["Body"].read()


def _client():
    config = current_app.config
    return _client_for(config["S3_ENDPOINT_URL"] or None, config["S3_REGION"] or None)


@cache
def _client_for(endpoint_url: str | None, region: str | None):
    import boto3  # only a deployment that uses the object store needs it loaded

    return boto3.client("s3", endpoint_url=endpoint_url, region_name=region)
