"""One search over every project a reader may see: an index kept in the transaction of each change.

A model takes part by declaring `search_kind` (a short word: "items", "risks" ...) and `search_entry()`,
which returns `Entry(title, body, target_id, phase_number)` or None when the row should not be found (removed).
A flush listener writes `search_entries`; the database indexes their tokens with its own full-text engine
(SQLite FTS5, PostgreSQL GIN over a tsvector; created by the migration). Chinese is written without spaces,
so each run of CJK characters is indexed as its single characters and its pairs: "投诉" finds "客户投诉处理流程"
with the index, not a scan. Latin words are lower-cased; the last word of a query matches as a prefix.
"""

import re
from dataclasses import dataclass

from sqlalchemy import (
    Integer,
    String,
    Text,
    UniqueConstraint,
    column,
    delete,
    event,
    func,
    insert,
    literal_column,
    select,
    table,
)
from sqlalchemy.orm import Mapped, Session, mapped_column

from crm_rollout.core.extensions import db

FTS_TABLE = "search_index"  # SQLite's FTS5 table over search_entries (external content)
PG_INDEX = "ix_search_entries_tokens"
SIMPLE = literal_column("'simple'")  # PostgreSQL's text search configuration without stemming or stop words
PAGE = 20
QUERY_MAX = 200
CJK = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
_WORDS = re.compile(rf"[{CJK}]+|[^\W{CJK}]+", re.UNICODE)


@dataclass(frozen=True)
class Entry:
    title: str
    body: str = ""
    target_id: int | None = None  # the row whose page shows this one (a comment: its item), else the row
    phase_number: int | None = None


class SearchEntry(db.Model):
    __tablename__ = "search_entries"
    # The full-text index itself is the migration's: FTS5 on SQLite, GIN over to_tsvector('simple', tokens)
    # on PostgreSQL (`search` queries that very expression).
    __table_args__ = (UniqueConstraint("kind", "ref_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    # Plain integers: an entry follows its row through the listener, not through a foreign key.
    project_id: Mapped[int] = mapped_column(Integer, index=True)
    kind: Mapped[str] = mapped_column(String(20))
    ref_id: Mapped[int] = mapped_column(Integer)
    target_id: Mapped[int] = mapped_column(Integer)
    phase_number: Mapped[int | None] = mapped_column(Integer)
    title: Mapped[str] = mapped_column(String(500))
    body: Mapped[str] = mapped_column(Text)
    tokens: Mapped[str] = mapped_column(Text)


def not_in_models(_object, name, type_, _reflected, _compare_to) -> bool:
    """For Alembic: the full-text structures live in the migration alone (they differ by database)."""
    if type_ == "table" and name and name.startswith(FTS_TABLE):
        return False
    return not (type_ == "index" and name == PG_INDEX)


def tokens(value: str) -> list[str]:
    """The words of a text as the index holds them: Latin words lower-cased, CJK as characters and pairs."""
    found = []
    for run in _WORDS.findall((value or "").lower()):
        if re.match(rf"[{CJK}]", run):
            found += list(run) + [run[i : i + 2] for i in range(len(run) - 1)]
        else:
            found.append(run)
    return found


def _query_terms(query: str) -> tuple[list[str], str | None]:
    """(terms every hit must hold, a last Latin word to match as a prefix)."""
    terms, prefix = [], None
    runs = _WORDS.findall(query.lower()[:QUERY_MAX])
    for n, run in enumerate(runs):
        if re.match(rf"[{CJK}]", run):
            terms += [run] if len(run) == 1 else [run[i : i + 2] for i in range(len(run) - 1)]
        elif n == len(runs) - 1:
            prefix = run
        else:
            terms.append(run)
    return list(dict.fromkeys(terms)), prefix


def search(query: str, project_ids: list[int], *, page: int = 1) -> tuple[list[SearchEntry], int]:
    """The entries of these projects that hold every word of the query, best first: (one page, total)."""
    terms, prefix = _query_terms(query)
    if not project_ids or not (terms or prefix):
        return [], 0
    if db.engine.dialect.name == "postgresql":
        condition = " & ".join([*terms, *([f"{prefix}:*"] if prefix else [])])
        vector = func.to_tsvector(SIMPLE, SearchEntry.tokens)  # the indexed expression, to the letter
        matched = func.to_tsquery(SIMPLE, condition)
        query_ = select(SearchEntry).where(vector.op("@@")(matched))
        rank = func.ts_rank(vector, matched).desc()
    else:
        condition = " AND ".join([*(f'"{t}"' for t in terms), *([f'"{prefix}"*'] if prefix else [])])
        fts = table(FTS_TABLE, column("rowid"))
        query_ = (
            select(SearchEntry)
            .join_from(fts, SearchEntry, SearchEntry.id == fts.c.rowid)
            .where(literal_column(FTS_TABLE).op("MATCH")(condition))
        )
        rank = func.bm25(literal_column(FTS_TABLE))
    query_ = query_.where(SearchEntry.project_id.in_(project_ids))
    total = db.session.scalar(select(func.count()).select_from(query_.subquery()))
    hits = db.session.scalars(query_.order_by(rank, SearchEntry.id).limit(PAGE).offset((max(page, 1) - 1) * PAGE))
    return list(hits), total


def highlight_terms(query: str) -> list[str]:
    terms, prefix = _query_terms(query)
    whole = [run for run in _WORDS.findall(query.lower()[:QUERY_MAX]) if re.match(rf"[{CJK}]", run)]
    return sorted({*whole, *terms, *([prefix] if prefix else [])}, key=len, reverse=True)


# --- Keeping the index current ----------------------------------------------------------------------


def _values(row, entry: Entry) -> dict:
    title_tokens = " ".join(tokens(entry.title))
    return {
        "project_id": row.project_id,
        "kind": row.search_kind,
        "ref_id": row.id,
        "target_id": entry.target_id or row.id,
        "phase_number": entry.phase_number,
        "title": entry.title[:500],
        "body": entry.body or "",
        # The title twice: a word in the title weighs more than one in the body.
        "tokens": f"{title_tokens} {title_tokens} {' '.join(tokens(entry.body))}",
    }


def index_rows(session: Session, rows) -> None:
    """Write (or drop) the entries of these rows: called by the listener, and to rebuild an index."""
    table = SearchEntry.__table__
    connection = session.connection()  # Core statements: outside the unit of work being flushed
    for row in rows:
        connection.execute(delete(table).where(table.c.kind == row.search_kind, table.c.ref_id == row.id))
        entry = row.search_entry()
        if entry is not None and (entry.title or entry.body):
            connection.execute(insert(table).values(_values(row, entry)))


def searchable_models() -> list[type]:
    return [m.class_ for m in db.Model.registry.mappers if hasattr(m.class_, "search_kind")]


def rebuild(project_id: int | None = None) -> int:
    """Index every searchable row again (of one project, or all): after an import, or on a database that
    had rows before the index existed. Returns how many rows were looked at."""
    count = 0
    for model in searchable_models():
        query = select(model) if project_id is None else select(model).where(model.project_id == project_id)
        rows = list(db.session.scalars(query))
        index_rows(db.session, rows)
        count += len(rows)
    return count


def is_empty() -> bool:
    return db.session.scalar(select(func.count(SearchEntry.id))) == 0


@event.listens_for(Session, "after_flush")
def _index_changes(session: Session, _context) -> None:
    changed = [o for o in session.new if hasattr(o, "search_kind")]
    changed += [o for o in session.dirty if hasattr(o, "search_kind") and session.is_modified(o)]
    index_rows(session, changed)
    table = SearchEntry.__table__
    for row in session.deleted:
        if hasattr(row, "search_kind"):
            session.connection().execute(delete(table).where(table.c.kind == row.search_kind, table.c.ref_id == row.id))
