"""Accounts: sign-in, passwords, preferences and personal API tokens."""

import hashlib
import re
import secrets
from functools import cache

from flask import current_app
from sqlalchemy import func, or_, select
from werkzeug.security import check_password_hash, generate_password_hash

from crm_rollout.auth import sessions, throttle
from crm_rollout.auth.models import ApiToken, User
from crm_rollout.core.db import utcnow
from crm_rollout.core.errors import NotFound, ValidationFailed, raise_if_errors
from crm_rollout.core.extensions import db
from crm_rollout.core.i18n import LOCALES
from crm_rollout.core.i18n import gettext as _

USERNAME_PATTERN = re.compile(r"^[A-Za-z0-9_.-]{2,64}$")
TOKEN_PREFIX = "crm_"  # noqa: S105 (a marker, not a secret)


LoginThrottled = throttle.Throttled


# --- Accounts -----------------------------------------------------------------


def find_by_login(identifier: str) -> User | None:
    key = identifier.strip().lower()
    return db.session.scalar(select(User).where(or_(func.lower(User.username) == key, func.lower(User.email) == key)))


@cache
def _decoy_hash() -> str:
    return generate_password_hash(secrets.token_hex(16))


def _password_matches(user: User | None, password: str) -> bool:
    # An unknown account costs the same hashing time as a known one: timing tells nothing.
    if user is None or not user.password_hash:
        check_password_hash(_decoy_hash(), password)
        return False
    return check_password_hash(user.password_hash, password)


def authenticate(identifier: str, password: str, address: str, device_cookie: str | None = None) -> User | None:
    """The active user with these credentials, or None; raises LoginThrottled after too many failures.
    Failures count against the account whichever of its names was typed."""
    user = find_by_login(identifier)
    account_key = f"user:{user.id}" if user is not None else "login:" + identifier.strip().lower()
    device = sessions.device_of(device_cookie, user.id if user else None)
    with throttle.attempt(account_key, address, device) as attempt:
        if _password_matches(user, password) and user.active:
            attempt.success()
            return user
    return None


def confirm_password(user: User, password: str, address: str, device_cookie: str | None = None) -> bool:
    """Whether `password` is the signed-in user's own (changing the password, signing a review): throttled
    like signing in."""
    with throttle.attempt(f"user:{user.id}", address, sessions.device_of(device_cookie, user.id)) as attempt:
        if _password_matches(user, password):
            attempt.success()
            return True
    return False


def _password_errors(password: str) -> dict:
    minimum = current_app.config["PASSWORD_MIN_LENGTH"]
    if len(password) < minimum:
        return {"password": _("Use at least %(n)d characters.", n=minimum)}
    return {}


def set_password(user: User, password: str, *, keep_session: str | None = None) -> None:
    """A new password ends every session of the account but `keep_session` (the one changing it)."""
    errors = _password_errors(password)
    raise_if_errors(errors)
    user.password_hash = generate_password_hash(password)
    sessions.end_all(user.id, keep=keep_session)


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
    raise_if_errors(errors)
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
