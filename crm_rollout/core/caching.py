"""Busy project pages (the overview, a phase checklist) served from memory while nothing changed.

A page is kept per worker under everything it depends on: the URL, the project's revision (projects/revisions.py:
any committed change to the project makes a new key), the reader, their role and permissions, language,
today's date (what is overdue), their "my work" count and their session's CSRF secret (the page's forms
carry tokens of that session). Pages with a message waiting are never served from memory. Entries also
expire after TTL seconds, which bounds how long a change outside the project (an account's display name)
can go unseen.
"""

import threading
import time
from collections import OrderedDict
from functools import wraps

from flask import current_app, g, request, session
from flask_babel import get_locale
from flask_login import current_user

from crm_rollout.core import registry
from crm_rollout.core.db import today

TTL = 300
SIZE = 128


class _Pages:
    def __init__(self):
        self._entries: OrderedDict = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key):
        with self._lock:
            entry = self._entries.get(key)
            if entry is None or entry[0] < time.monotonic():
                return None
            self._entries.move_to_end(key)
            return entry[1]

    def put(self, key, html: str) -> None:
        with self._lock:
            self._entries[key] = (time.monotonic() + TTL, html)
            self._entries.move_to_end(key)
            while len(self._entries) > SIZE:
                self._entries.popitem(last=False)


_pages = _Pages()


def my_work_count() -> int:
    """The count in the top bar (memoized per request: the key and the page both need it)."""
    if "my_work_count" not in g:
        counters = registry.current().my_work_counters.values()
        g.my_work_count = sum(count(current_user.id) for count in counters)
    return g.my_work_count


def _key() -> tuple:
    return (
        request.full_path,
        g.project.id,
        g.project.revision,
        current_user.id,
        g.role,
        tuple(sorted(g.permissions)),
        str(get_locale()),
        today(),
        my_work_count(),
        session.get("csrf_token"),
    )


def cached(view):
    """For GET views behind project_access: serve the page from memory when its key is unchanged."""

    @wraps(view)
    def wrapped(*args, **kwargs):
        if not current_app.config.get("PAGE_CACHE", True) or session.get("_flashes"):
            return view(*args, **kwargs)
        key = _key()
        html = _pages.get(key)
        if html is not None:
            return html
        result = view(*args, **kwargs)
        body, status = result if isinstance(result, tuple) else (result, 200)
        if status == 200 and isinstance(body, str):
            _pages.put(_key(), body)  # rendering may have started the session's CSRF secret
        return result

    return wrapped
