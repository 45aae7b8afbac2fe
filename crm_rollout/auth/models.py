"""Accounts, personal API tokens and the login-attempt log used for throttling."""

from datetime import datetime

from flask_login import UserMixin
from sqlalchemy import Boolean, ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from crm_rollout.core.db import TimestampMixin, UTCDateTime, VersionedMixin, audited, utcnow
from crm_rollout.core.extensions import db
from crm_rollout.core.i18n import lazy_text as _l


class User(UserMixin, TimestampMixin, VersionedMixin, db.Model):
    __tablename__ = "users"

    id: Mapped[int] = mapped_column(primary_key=True)
    username: Mapped[str] = mapped_column(String(64), unique=True, info=audited(_l("Username")))
    email: Mapped[str] = mapped_column(String(254), unique=True, info=audited(_l("E-mail")))
    display_name: Mapped[str] = mapped_column(String(120), info=audited(_l("Name")))
    password_hash: Mapped[str] = mapped_column(String(256))
    is_admin: Mapped[bool] = mapped_column(Boolean, default=False, info=audited(_l("Site administrator")))
    active: Mapped[bool] = mapped_column(Boolean, default=True, info=audited(_l("Active")))
    # None: follow the browser's Accept-Language.
    locale: Mapped[str | None] = mapped_column(String(10))

    # The signed-in session this object was loaded for (sessions.py); Flask-Login keeps it in the cookies.
    session_token = None

    @property
    def is_active(self) -> bool:  # Flask-Login refuses inactive accounts
        return self.active

    def get_id(self) -> str | None:
        return self.session_token

    audit_entity = _l("Account")

    def __str__(self) -> str:
        return self.display_name


class ApiToken(TimestampMixin, db.Model):
    __tablename__ = "api_tokens"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(80))
    # Only a SHA-256 digest is kept; the token itself is shown once, at creation.
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    prefix: Mapped[str] = mapped_column(String(12))
    last_used_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime())


class SignIn(db.Model):
    """One signed-in session (browser or remember-me cookie). The cookie holds only `token`; ending the row
    ends the session on every server at once."""

    __tablename__ = "user_sessions"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    token: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime())
    ended_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    user_agent: Mapped[str] = mapped_column(String(200), default="")


class LoginAttempt(db.Model):
    """One row per failed password check (and, briefly, per check under way): see throttle.py."""

    __tablename__ = "login_attempts"

    id: Mapped[int] = mapped_column(primary_key=True)
    account_key: Mapped[str] = mapped_column(String(254), index=True)
    address: Mapped[str] = mapped_column(String(64), index=True)
    # The device cookie's id when the browser signed in to this account before; "" otherwise.
    device: Mapped[str] = mapped_column(String(64), default="", server_default="", index=True)
    at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, index=True)
