"""Accounts: sign-in, passwords, preferences and personal API tokens."""

import hashlib
import re
import secrets

from flask import current_app
from flask_babel import gettext as _
from sqlalchemy import func, or_, select
from werkzeug.security import check_password_hash, generate_password_hash

from crm_rollout.auth import throttle
from crm_rollout.auth.models import ApiToken, User
from crm_rollout.db import utcnow
from crm_rollout.errors import NotFound, ValidationFailed
from crm_rollout.extensions import db
from crm_rollout.i18n import LOCALES

USERNAME_PATTERN = re.compile(r"^[A-Za-z0-9_.-]{2,64}$")
TOKEN_PREFIX = "crm_"  # noqa: S105 (a marker, not a secret)


class LoginThrottled(Exception):
    pass


# --- Accounts -----------------------------------------------------------------


def find_by_login(identifier: str) -> User | None:
    key = identifier.strip().lower()
    return db.session.scalar(select(User).where(or_(func.lower(User.username) == key, func.lower(User.email) == key)))


def authenticate(identifier: str, password: str, address: str) -> User | None:
    """The active user with these credentials, or None; raises LoginThrottled after too many failures."""
    account_key = identifier.strip().lower()[:254]
    if throttle.is_throttled(account_key, address):
        raise LoginThrottled()
    user = find_by_login(identifier)
    if user is None or not user.active or not check_password_hash(user.password_hash, password):
        throttle.record_failure(account_key, address)
        return None
    throttle.clear_failures(account_key)
    return user


def check_password(user: User, password: str) -> bool:
    return check_password_hash(user.password_hash, password)


def _password_errors(password: str) -> dict:
    minimum = current_app.config["PASSWORD_MIN_LENGTH"]
    if len(password) < minimum:
        return {"password": _("Use at least %(n)d characters.", n=minimum)}
    return {}


def set_password(user: User, password: str) -> None:
    errors = _password_errors(password)
    if errors:
        raise ValidationFailed(errors)
    user.password_hash = generate_password_hash(password)


def create_user(*, username: str, email: str, display_name: str, password: str, is_admin: bool = False) -> User:
    username, email = username.strip(), email.strip().lower()
    errors = _password_errors(password)
    if not USERNAME_PATTERN.match(username):
        errors["username"] = _("Use 2–64 letters, digits, dots, dashes or underscores.")
    elif find_by_login(username) is not None:
        errors["username"] = _("This username is taken.")
    if find_by_login(email) is not None:
        errors["email"] = _("An account with this e-mail address exists already.")
    if not display_name.strip():
        errors["display_name"] = _("Enter the person's name.")
    if errors:
        raise ValidationFailed(errors)
    user = User(
        username=username,
        email=email,
        display_name=display_name.strip(),
        is_admin=is_admin,
        password_hash=generate_password_hash(password),
    )
    db.session.add(user)
    db.session.flush()
    return user


def list_users() -> list[User]:
    return list(db.session.scalars(select(User).order_by(func.lower(User.username))))


def get_user(user_id: int) -> User:
    user = db.session.get(User, user_id)
    if user is None:
        raise NotFound()
    return user


def set_active(user: User, active: bool, *, by: User) -> None:
    if user.id == by.id and not active:
        raise ValidationFailed({"active": _("You cannot deactivate your own account.")})
    user.active = active


def set_locale(user: User, locale: str | None) -> None:
    user.locale = locale if locale in LOCALES else None


# --- API tokens ---------------------------------------------------------------


def _digest(raw: str) -> str:
    return hashlib.sha256(raw.encode()).hexdigest()


def create_api_token(user: User, name: str) -> tuple[ApiToken, str]:
    """A new token for the user; the raw value is returned once and never stored."""
    name = name.strip()
    if not name:
        raise ValidationFailed({"name": _("Name the token, e.g. after the script that uses it.")})
    raw = TOKEN_PREFIX + secrets.token_urlsafe(32)
    token = ApiToken(user_id=user.id, name=name[:80], token_hash=_digest(raw), prefix=raw[:10])
    db.session.add(token)
    db.session.flush()
    return token, raw


def tokens_of(user: User) -> list[ApiToken]:
    return list(
        db.session.scalars(
            select(ApiToken)
            .where(ApiToken.user_id == user.id, ApiToken.revoked_at.is_(None))
            .order_by(ApiToken.created_at.desc())
        )
    )


def revoke_token(user: User, token_id: int) -> None:
    token = db.session.get(ApiToken, token_id)
    if token is None or token.user_id != user.id:
        raise NotFound()
    token.revoked_at = utcnow()


def user_for_token(raw: str) -> User | None:
    if not raw.startswith(TOKEN_PREFIX):
        return None
    token = db.session.scalar(
        select(ApiToken).where(ApiToken.token_hash == _digest(raw), ApiToken.revoked_at.is_(None))
    )
    if token is None:
        return None
    user = db.session.get(User, token.user_id)
    return user if user is not None and user.active else None
