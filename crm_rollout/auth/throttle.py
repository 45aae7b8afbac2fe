"""Throttling of every password check (sign-in, password change, signing a review).

Counts live in the database, or in Redis when REDIS_URL is set, so every worker process and every app server
sees the same numbers. A check
first records its attempt in a transaction of its own and only then counts: the k-th attempt to commit sees
at least k rows, so parallel guesses cannot all pass the limit together. An attempt that succeeds is
removed again; a refused one is not counted at all.

Failures are counted per account (whichever identifier was typed) and per client address. A browser that
has signed in to the account before carries a device cookie (see sessions.py); its attempts are counted
per device only, so neither an attacker elsewhere nor a colleague behind the same NAT can lock it out.
"""

import secrets
from contextlib import contextmanager
from datetime import timedelta

from flask import current_app
from sqlalchemy import delete, func, insert, select

from crm_rollout.auth.models import LoginAttempt
from crm_rollout.core.caching import redis_client
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


class _DatabaseCounts:
    """Attempts as rows of `login_attempts`: shared by every process that shares the database."""

    def record(self, row: dict) -> int:
        attempts = LoginAttempt.__table__
        with db.engine.begin() as connection:
            connection.execute(delete(attempts).where(attempts.c.at < _limits()[0]))  # old rows only slow counts
            return connection.execute(insert(attempts).values(row).returning(attempts.c.id)).scalar_one()

    def refuse_if_over(self, row: dict, attempt_id) -> None:
        attempts = LoginAttempt.__table__
        with db.engine.begin() as connection:
            if _over_limit(connection, row):
                connection.execute(delete(attempts).where(attempts.c.id == attempt_id))
                raise Throttled()

    def succeeded(self, row: dict, _attempt_id) -> None:
        # With the request's own transaction: the failures end when it commits.
        attempts = LoginAttempt.__table__
        db.session.execute(delete(attempts).where(attempts.c.account_key == row["account_key"]))


class _RedisCounts:
    """Attempts as members of sorted sets in Redis (REDIS_URL), scored by time: shared by every app server
    without a write to the database per guess. The same rules as the rows: recorded first, then counted."""

    def _sets(self, row: dict) -> list[tuple[str, int]]:
        _since, per_account, per_address = _limits()
        if row["device"]:
            return [(f"crm:login:device:{row['device']}", per_account)]
        return [
            (f"crm:login:account:{row['account_key']}", per_account),
            (f"crm:login:address:{row['address']}", per_address),
        ]

    def record(self, row: dict) -> str:
        attempt_id, now = secrets.token_hex(8), row["at"].timestamp()
        window = current_app.config["LOGIN_WINDOW_SECONDS"]
        with redis_client().pipeline() as pipe:
            for key, _limit in self._sets(row):
                pipe.zremrangebyscore(key, 0, now - window).zadd(key, {attempt_id: now}).expire(key, window)
            pipe.execute()
        return attempt_id

    def refuse_if_over(self, row: dict, attempt_id: str) -> None:
        sets = self._sets(row)
        with redis_client().pipeline() as pipe:
            for key, _limit in sets:
                pipe.zcard(key)
            counts = pipe.execute()
        if any(count > limit for count, (_key, limit) in zip(counts, sets, strict=True)):
            self._forget(sets, attempt_id)
            raise Throttled()

    def succeeded(self, row: dict, attempt_id: str) -> None:
        sets = self._sets(row)
        self._forget(sets, attempt_id)
        redis_client().delete(sets[0][0])  # the account's (or this browser's) failures end

    def _forget(self, sets, attempt_id: str) -> None:
        with redis_client().pipeline() as pipe:
            for key, _limit in sets:
                pipe.zrem(key, attempt_id)
            pipe.execute()


def _counts():
    return _RedisCounts() if current_app.config.get("REDIS_URL") else _DatabaseCounts()


@contextmanager
def attempt(account_key: str, address: str, device: str = ""):
    """Wrap one password check: raises Throttled before it when the limits are reached; call
    `success()` on the yielded attempt when the password was right."""
    # The counter writes in transactions of its own, which on SQLite must not wait for the request's.
    db.session.commit()
    counts = _counts()
    row = {"account_key": account_key[:254], "address": address[:64], "device": device[:64], "at": utcnow()}
    attempt_id = counts.record(row)
    counts.refuse_if_over(row, attempt_id)
    outcome = Attempt()
    yield outcome
    if outcome.succeeded:
        counts.succeeded(row, attempt_id)
