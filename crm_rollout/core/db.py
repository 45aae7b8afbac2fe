"""Declarative base, shared column mixins, per-connection database settings, how a read ends and when a pooled
connection is checked."""

import sqlite3
import time
from contextlib import contextmanager
from contextvars import ContextVar
from datetime import UTC, date, datetime

from flask import has_request_context, request
from sqlalchemy import DateTime, Integer, MetaData, TypeDecorator, event
from sqlalchemy.engine import Engine
from sqlalchemy.exc import DisconnectionError
from sqlalchemy.orm import DeclarativeBase, Mapped, Mapper, declared_attr, mapped_column

# Stable constraint names, so Alembic migrations work the same on SQLite and PostgreSQL.
NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


_as_of: ContextVar[datetime | None] = ContextVar("as_of", default=None)


def utcnow() -> datetime:
    """Now, or the moment set by `as_of` (the time stamps of rows and audit entries read it)."""
    return _as_of.get() or datetime.now(UTC)


@contextmanager
def as_of(moment: datetime):
    """Record what is written inside as written at `moment` (never later than now): the demo tells months of
    history in one run."""
    token = _as_of.set(min(moment, datetime.now(UTC)))
    try:
        yield
    finally:
        _as_of.reset(token)


def today() -> date:
    return datetime.now(UTC).date()


class UTCDateTime(TypeDecorator):
    """Timezone-aware UTC datetimes on every backend (SQLite hands them back naive)."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value, dialect):
        if value is not None and value.tzinfo is None:
            value = value.replace(tzinfo=UTC)
        return value

    def process_result_value(self, value, dialect):
        if value is not None and value.tzinfo is None:
            value = value.replace(tzinfo=UTC)
        return value


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)


AUDIT_LABEL = "audit_label"


def audited(label) -> dict:
    """The `info` of a column the audit trail traces, with the words a reader sees for it:
    `mapped_column(String(200), info=audited(_l("Title")))`."""
    return {AUDIT_LABEL: label}


@event.listens_for(Mapper, "after_mapper_constructed")
def _collect_audit_labels(mapper, cls):
    """A model that declares its `audit_entity` gets `audit_labels` ({column: words}) from its columns, so
    each traced field is named once, beside its column."""
    if hasattr(cls, "audit_entity"):
        columns = mapper.local_table.columns
        cls.audit_labels = {column.key: column.info[AUDIT_LABEL] for column in columns if AUDIT_LABEL in column.info}


class TimestampMixin:
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, onupdate=utcnow)


class VersionedMixin:
    """Optimistic locking: every UPDATE checks and bumps `version`; a stale write raises StaleDataError."""

    version: Mapped[int] = mapped_column(Integer, nullable=False, default=1)

    @declared_attr.directive
    def __mapper_args__(cls):
        return {"version_id_col": cls.__table__.c.version}


@event.listens_for(Engine, "connect")
def _sqlite_settings(dbapi_connection, _record):
    if not isinstance(dbapi_connection, sqlite3.Connection):
        return
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA busy_timeout=10000")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.close()
    # Let SQLAlchemy emit BEGIN itself (see _sqlite_begin_immediate).
    dbapi_connection.isolation_level = None


@event.listens_for(Engine, "begin")
def _sqlite_begin_immediate(connection):
    # A deferred BEGIN under WAL fails read-then-write transactions with "database is
    # locked" when writers overlap; taking the write lock up front makes them queue instead.
    # Page reads (GET) begin deferred, so that they run side by side under WAL instead of
    # queueing for the write lock; the few that write (a calendar token made at first use)
    # take it when they do.
    if connection.dialect.name == "sqlite":
        reading = has_request_context() and request.method in ("GET", "HEAD")
        connection.exec_driver_sql("BEGIN" if reading else "BEGIN IMMEDIATE")


# Whether the connection's transaction has only read so far: begun afresh, spoilt by any other statement.
READ_ONLY = "read_only"
READING = ("SELECT", "BEGIN")


@event.listens_for(Engine, "begin")
def _start_reading(connection):
    connection.info[READ_ONLY] = True


@event.listens_for(Engine, "before_cursor_execute")
def _note_writes(connection, _cursor, statement, _parameters, _context, _executemany):
    if not statement.startswith(READING):
        connection.info[READ_ONLY] = False


@event.listens_for(Engine, "handle_error")
def _note_failures(context):
    if context.connection is not None:
        context.connection.info[READ_ONLY] = False


def end_reads_with_commit(app, sessions) -> None:
    """A request that only read ends its transaction with COMMIT, the same as a rollback for it.

    psycopg forgets its prepared statements at every ROLLBACK, and the pool rolls back every connection it
    takes back: so no statement was ever prepared, and PostgreSQL parsed and planned each query of each page
    again. Registered after Flask-SQLAlchemy, so that it runs before the session is removed."""

    @app.teardown_appcontext
    def _commit_reads(exc):
        if exc is not None or not sessions.registry.has():
            return
        session = sessions()
        if not session.in_transaction():
            return
        if session.new or session.dirty or session.deleted:
            return
        if session.connection().info.get(READ_ONLY):
            session.expire_on_commit = False  # objects read stay readable after the context, as before
            session.commit()


# A pooled connection idle this long is checked before use (the database may have restarted meanwhile); one in
# steady use is not: SQLAlchemy's pre-ping checks every time, a round trip worth a tenth of a cached page.
IDLE_BEFORE_PING = 2.0


def ping_after_idle(engine) -> None:
    """SQLAlchemy's pessimistic disconnect check (a failed ping raises DisconnectionError, and the pool
    connects afresh), made only for connections that have been idle."""

    @event.listens_for(engine, "checkin")
    def _idle_from(_dbapi_connection, record):
        record.info["idle_since"] = time.monotonic()

    @event.listens_for(engine, "checkout")
    def _ping_if_idle(dbapi_connection, record, _proxy):
        idle_since = record.info.pop("idle_since", None)
        if idle_since is None or time.monotonic() - idle_since < IDLE_BEFORE_PING:
            return
        try:
            engine.dialect.do_ping(dbapi_connection)
        except engine.dialect.loaded_dbapi.Error as error:
            raise DisconnectionError from error


def render_migration_type(type_, obj, _autogen_context):
    """Alembic autogenerate hook: write our TypeDecorators as their plain SQLAlchemy types,
    so migrations never import application code."""
    if type_ == "type" and isinstance(obj, TypeDecorator):
        return f"sa.{obj.impl!r}"
    return False
