"""Throttling of every password check (sign-in, password change, signing a review).

Counts live in the database, so every worker process and every app server sees the same numbers. A check
first records its attempt in a transaction of its own and only then counts: the k-th attempt to commit sees
at least k rows, so parallel guesses cannot all pass the limit together. An attempt that succeeds is
removed again; a refused one is not counted at all.

Failures are counted per account (whichever identifier was typed) and per client address. A browser that
has signed in to the account before carries a device cookie (see sessions.py); its attempts are counted
per device only, so neither an attacker elsewhere nor a colleague behind the same NAT can lock it out.
"""

from contextlib import contextmanager
from datetime import timedelta

from flask import current_app
from sqlalchemy import delete, func, insert, select

from crm_rollout.auth.models import LoginAttempt
from crm_rollout.core.db import utcnow
from crm_rollout.core.extensions import db


class Throttled(Exception):
    pass


class Attempt:
    succeeded = False

    def success(self) -> None:
        self.succeeded = True


def _limits() -> tuple:
    config = current_app.config
    since = utcnow() - timedelta(seconds=config["LOGIN_WINDOW_SECONDS"])
    return since, config["LOGIN_MAX_FAILURES_PER_ACCOUNT"], config["LOGIN_MAX_FAILURES_PER_ADDRESS"]


def _over_limit(connection, row: dict) -> bool:
    since, per_account, per_address = _limits()
    attempts = LoginAttempt.__table__
    recent = select(func.count()).select_from(attempts).where(attempts.c.at >= since)
    if row["device"]:
        return connection.scalar(recent.where(attempts.c.device == row["device"])) > per_account
    untrusted = recent.where(attempts.c.device == "")
    return (
        connection.scalar(untrusted.where(attempts.c.account_key == row["account_key"])) > per_account
        or connection.scalar(untrusted.where(attempts.c.address == row["address"])) > per_address
    )


@contextmanager
def attempt(account_key: str, address: str, device: str = ""):
    """Wrap one password check: raises Throttled before it when the limits are reached; call
    `success()` on the yielded attempt when the password was right."""
    # The counter writes in transactions of its own, which on SQLite must not wait for the request's.
    db.session.commit()
    attempts = LoginAttempt.__table__
    row = {"account_key": account_key[:254], "address": address[:64], "device": device[:64], "at": utcnow()}
    with db.engine.begin() as connection:
        connection.execute(delete(attempts).where(attempts.c.at < _limits()[0]))  # old rows only slow counts
        row_id = connection.execute(insert(attempts).values(row).returning(attempts.c.id)).scalar_one()
    with db.engine.begin() as connection:
        if _over_limit(connection, row):
            connection.execute(delete(attempts).where(attempts.c.id == row_id))
            raise Throttled()
    outcome = Attempt()
    yield outcome
    if outcome.succeeded:  # with the request's own transaction: the failures end when it commits
        db.session.execute(delete(attempts).where(attempts.c.account_key == row["account_key"]))
