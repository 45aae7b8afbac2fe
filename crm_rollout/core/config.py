"""Configuration: defaults < environment < explicit overrides (tests)."""

import os
import secrets
from pathlib import Path

from crm_rollout.core.limits import REQUEST_MAX_BYTES


def _secret_key(instance_path: Path) -> str:
    """Use SECRET_KEY from the environment, else a key generated once and kept in instance/."""
    if os.environ.get("SECRET_KEY"):
        return os.environ["SECRET_KEY"]
    key_file = instance_path / "secret_key"
    if not key_file.exists():
        instance_path.mkdir(parents=True, exist_ok=True)
        key_file.write_text(secrets.token_hex(32))
        key_file.chmod(0o600)
    return key_file.read_text().strip()


def sqlalchemy_url(url: str) -> str:
    """A DATABASE_URL as SQLAlchemy wants it: PostgreSQL through psycopg 3."""
    for scheme in ("postgres://", "postgresql://"):  # the first is what some hosts still hand out
        if url.startswith(scheme):
            return "postgresql+psycopg://" + url[len(scheme) :]
    return url


def build_config(instance_path: Path, overrides: dict | None = None) -> dict:
    overrides = overrides or {}
    default_db = f"sqlite:///{instance_path / 'crm_rollout.db'}"
    config = {
        "SQLALCHEMY_DATABASE_URI": os.environ.get("DATABASE_URL", default_db),
        "BABEL_DEFAULT_LOCALE": "en",
        "BABEL_DEFAULT_TIMEZONE": os.environ.get("TIMEZONE", "Asia/Shanghai"),
        "SESSION_COOKIE_HTTPONLY": True,
        "SESSION_COOKIE_SAMESITE": "Lax",
        "SESSION_COOKIE_SECURE": os.environ.get("COOKIE_SECURE", "") == "1",
        "REMEMBER_COOKIE_HTTPONLY": True,
        "REMEMBER_COOKIE_SAMESITE": "Lax",
        "REMEMBER_COOKIE_SECURE": os.environ.get("COOKIE_SECURE", "") == "1",
        # A session ends at logout or after SESSION_HOURS; with "remember me" after REMEMBER_DAYS.
        "SESSION_HOURS": int(os.environ.get("SESSION_HOURS", "12")),
        "REMEMBER_DAYS": int(os.environ.get("REMEMBER_DAYS", "14")),
        "BEHIND_PROXY": os.environ.get("BEHIND_PROXY", "") == "1",
        "WTF_CSRF_TIME_LIMIT": None,  # the token lives as long as the session
        "PASSWORD_MIN_LENGTH": 10,
        # A larger request body is refused with 413 before anything reads it.
        "MAX_CONTENT_LENGTH": REQUEST_MAX_BYTES,
        # Login throttling: failures allowed per window, per account and per client address.
        "LOGIN_WINDOW_SECONDS": 15 * 60,
        "LOGIN_MAX_FAILURES_PER_ACCOUNT": 5,
        "LOGIN_MAX_FAILURES_PER_ADDRESS": 20,
        # Where links in e-mails and calendar feeds point (the address people open the app at).
        "BASE_URL": os.environ.get("BASE_URL", ""),
        # Outgoing mail (Flask-Mail); without MAIL_SERVER nobody is mailed and the inbox alone is used.
        "MAIL_SERVER": os.environ.get("MAIL_SERVER", ""),
        "MAIL_PORT": int(os.environ.get("MAIL_PORT", "25")),
        "MAIL_USE_TLS": os.environ.get("MAIL_USE_TLS", "") in ("1", "true", "True"),
        "MAIL_USERNAME": os.environ.get("MAIL_USERNAME") or None,
        "MAIL_PASSWORD": os.environ.get("MAIL_PASSWORD") or None,
        "MAIL_DEFAULT_SENDER": os.environ.get("MAIL_DEFAULT_SENDER", "crm-rollout@localhost"),
        # Evidence files: each at most DOCUMENT_MAX_MB; an upload request at most DOCUMENT_REQUEST_MAX_MB.
        "DOCUMENT_MAX_BYTES": int(os.environ.get("DOCUMENT_MAX_MB", "20")) * 2**20,
        "DOCUMENT_REQUEST_MAX_BYTES": int(os.environ.get("DOCUMENT_REQUEST_MAX_MB", "64")) * 2**20,
        # Where their bytes live: "database" (the default) or "s3" (an S3-compatible object store).
        "DOCUMENT_STORE": os.environ.get("DOCUMENT_STORE", "database"),
        "S3_BUCKET": os.environ.get("S3_BUCKET", ""),
        "S3_ENDPOINT_URL": os.environ.get("S3_ENDPOINT_URL", ""),
        "S3_REGION": os.environ.get("S3_REGION", ""),
        "S3_PREFIX": os.environ.get("S3_PREFIX", "crm-rollout/documents/"),
        # Pages served from the cache while their project is unchanged (PAGE_CACHE=0 turns it off, for a
        # benchmark); with REDIS_URL the cache and the sign-in throttle live in Redis, shared by app servers.
        "PAGE_CACHE": os.environ.get("PAGE_CACHE", "1") != "0",
        "REDIS_URL": os.environ.get("REDIS_URL", ""),
        # A burst of changes to one thing within this many seconds makes one notification and one mail.
        "NOTIFY_BURST_SECONDS": int(os.environ.get("NOTIFY_BURST_SECONDS", "180")),
    }
    config["SQLALCHEMY_DATABASE_URI"] = sqlalchemy_url(config["SQLALCHEMY_DATABASE_URI"])
    config.update(overrides)
    if "SECRET_KEY" not in config:
        config["SECRET_KEY"] = _secret_key(instance_path)
    return config
