"""One cache shared by every reader and every app server: project pages and charts.

It is Flask-Caching: kept in files of the instance folder by default (no server needed; the worker processes of
one machine share them), in Redis when REDIS_URL is set, so that any number of app servers share it.

A cached page is rendered once for everyone who would see the same thing: the same URL, project revision
(projects/revisions.py: any committed change makes a new revision, so the next request of every reader sees it),
permissions, language and day (what is overdue). A page that shows the reader's own things (their items to
tick, their vote) says so with `personal`, and is then kept per reader. What belongs to the reader alone on
every page (their name and counts in the top bar, the flash messages, the CSRF token in each form) is kept as
a marker and filled in for each request.
"""

import hashlib
from functools import wraps
from pathlib import Path

import redis
from flask import current_app, g, get_flashed_messages, render_template, request
from flask_babel import get_locale
from flask_caching import Cache
from flask_login import current_user
from flask_wtf.csrf import generate_csrf
from markupsafe import Markup
from sqlalchemy import Integer, bindparam, literal, select

from crm_rollout.core import registry
from crm_rollout.core.db import today
from crm_rollout.core.lookup import capped_count
from crm_rollout.core.reads import plain_rows

cache = Cache()

PAGE_SECONDS = 300  # bounds how long a change outside the project (an account's name) can go unseen
# Markers cannot come from content: everything a user typed is escaped, and "<" with it.
CSRF_MARKER = "<!--crm:csrf-->"
PERSONAL_PARTS = {"account_bar": "_account_bar.html", "flashes": "_flashes.html"}


def init_app(app) -> None:
    # Keys are kept apart per database, so that two apps on other databases never share an entry.
    database = hashlib.sha256(app.config["SQLALCHEMY_DATABASE_URI"].encode()).hexdigest()[:12]
    settings = {"CACHE_KEY_PREFIX": f"crm:{database}:", "CACHE_DEFAULT_TIMEOUT": PAGE_SECONDS}
    if app.config.get("REDIS_URL"):
        settings |= {"CACHE_TYPE": "RedisCache", "CACHE_REDIS_URL": app.config["REDIS_URL"]}
    else:
        # Files in the instance folder: every worker process of this machine shares them, no server needed.
        folder = Path(app.instance_path) / "cache" / database
        settings |= {"CACHE_TYPE": "FileSystemCache", "CACHE_DIR": str(folder), "CACHE_THRESHOLD": 2000}
    cache.init_app(app, config=settings)
    app.jinja_env.globals["personal_part"] = personal_part


def redis_client():
    """The app's Redis connection pool (REDIS_URL), for counters every app server shares."""
    app = current_app._get_current_object()
    if "redis" not in app.extensions:
        app.extensions["redis"] = redis.Redis.from_url(app.config["REDIS_URL"], socket_timeout=5)
    return app.extensions["redis"]


def personal_part(name: str) -> Markup:
    """In base.html: the reader's own part of the page, or its marker while a shared copy is rendered."""
    if g.get("rendering_shared"):
        return Markup("<!--crm:{}-->").format(name)
    if name == "flashes" and not get_flashed_messages():  # most requests: nothing to render (20 µs saved)
        return Markup("")
    return Markup(render_template(PERSONAL_PARTS[name]))  # noqa: S704  (a rendered template is escaped already)


def top_bar_counts() -> dict[str, int]:
    """The reader's counts in the top bar ("work", "unread"): one query built once per app, read once a
    request."""
    if "top_bar_counts" not in g:
        row = plain_rows(_top_bar_statement(), {"user_id": current_user.id}).one()
        g.top_bar_counts = {"work": row.work or 0, "unread": row.unread or 0}
    return g.top_bar_counts


def _top_bar_statement():
    app = current_app._get_current_object()
    if "top_bar_statement" not in app.extensions:
        offered = registry.current()
        user_id = bindparam("user_id", type_=Integer)
        # Counted together, so that the count stops at its cap whatever the kinds that fill it.
        work = [rows(user_id) for rows in offered.my_work_rows.values()]
        work = capped_count(*work) if work else literal(0)
        unread = capped_count(offered.unread_rows(user_id)) if offered.unread_rows else literal(0)
        app.extensions["top_bar_statement"] = select(work.label("work"), unread.label("unread"))
    return app.extensions["top_bar_statement"]


def _page_key(personal: bool) -> str:
    """One entry a page and kind of reader; the project's revision is kept inside it, so that a new revision
    replaces the entry instead of leaving the old ones to pile up until they expire."""
    parts = (
        request.full_path,
        g.project.id,
        g.project.created_at,  # a project made anew under an old id (a restored database) starts afresh
        ",".join(sorted(g.permissions)),
        str(get_locale()),
        today(),
        current_user.id if personal else "",
    )
    return "page:" + hashlib.sha256(repr(parts).encode()).hexdigest()


def _fill_in(page: bytes) -> bytes:
    """The reader's own parts put into a shared page. Pages are kept in UTF-8, as they are sent: replacing
    in bytes is quicker than in text with Chinese in it, and nothing is encoded again for each reader."""
    for name in PERSONAL_PARTS:
        page = page.replace(f"<!--crm:{name}-->".encode(), personal_part(name).encode(), 1)
    return page.replace(CSRF_MARKER.encode(), generate_csrf().encode())


def personal_value(name: str, value):
    """A value of the reader's own on a shared page (how many items are theirs): `value` as it is, or its
    marker while the shared copy is rendered. The view declares how to compute it again for each reader:
    `cached(values={name: function of the view's arguments})`."""
    return Markup("<!--crm:value:{}-->").format(name) if g.get("rendering_shared") else value


def cached(view=None, *, personal=lambda: False, values=None):
    """For GET views behind project_access. `personal()` says whether this reader's page shows their own
    things (then it is kept for them alone); `values` are the reader's own values on a shared page."""
    values = values or {}

    def decorator(view):
        @wraps(view)
        def wrapped(*args, **kwargs):
            if not current_app.config["PAGE_CACHE"] or request.method != "GET":
                return view(*args, **kwargs)
            key, revision = _page_key(personal()), g.project.revision
            kept = cache.get(key)
            # An entry of another revision, or kept as text by an earlier version of the app, is a miss.
            fresh = isinstance(kept, tuple) and kept[0] == revision and isinstance(kept[1], bytes)
            shared = kept[1] if fresh else None
            if shared is None:
                g.rendering_shared = True
                try:
                    result = view(*args, **kwargs)
                finally:
                    g.rendering_shared = False
                body, status = result if isinstance(result, tuple) else (result, 200)
                if status != 200 or not isinstance(body, str):
                    return result
                # Forms rendered through WTForms carry the real token: it becomes the marker too.
                shared = body.replace(generate_csrf(), CSRF_MARKER).encode()
                cache.set(key, (revision, shared))
            for name, compute in values.items():
                shared = shared.replace(f"<!--crm:value:{name}-->".encode(), str(compute(**kwargs)).encode())
            return _fill_in(shared)

        return wrapped

    return decorator(view) if view is not None else decorator
