"""Language choice, bilingual content and on-demand compilation of message catalogues."""

import functools
import logging
import os
from collections.abc import Mapping
from datetime import datetime
from pathlib import Path

from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from flask import g, has_request_context, request, session
from flask_babel import format_datetime, get_locale, get_translations
from flask_babel.speaklater import LazyString
from flask_login import current_user
from jinja2 import pass_context
from markupsafe import Markup

# Chinese is "zh" (Simplified): Babel would read "zh_CN" as zh_Hans_CN and miss the catalogue.
LOCALES = {"zh": "中文", "en": "English"}
TRANSLATIONS_DIR = Path(__file__).parent.parent / "translations"
log = logging.getLogger(__name__)


def select_locale() -> str:
    if not has_request_context():  # CLI and direct service calls
        return "en"
    if current_user and current_user.is_authenticated and current_user.locale in LOCALES:
        return current_user.locale
    if session.get("locale") in LOCALES:
        return session["locale"]
    return request.accept_languages.best_match(list(LOCALES), default="en")


def is_chinese() -> bool:
    locale = get_locale()
    return locale is not None and locale.language == "zh"


def localized(obj, base: str) -> str:
    """obj.<base>_zh or obj.<base>_en by the current language, falling back to the other; a dict of the
    method's files (keys <base>_zh, <base>_en) reads the same."""
    read = obj.get if isinstance(obj, dict) else lambda name, default: getattr(obj, name, default)
    zh, en = read(f"{base}_zh", "") or "", read(f"{base}_en", "") or ""
    return (zh or en) if is_chinese() else (en or zh)


def compile_catalogues(directory: Path = TRANSLATIONS_DIR) -> None:
    """Compile each .po into its .mo when the .mo is missing or older, so no generated file is committed."""
    for po_path in directory.glob("*/LC_MESSAGES/*.po"):
        mo_path = po_path.with_suffix(".mo")
        if mo_path.exists() and mo_path.stat().st_mtime >= po_path.stat().st_mtime:
            continue
        with open(po_path, "rb") as po_file:
            catalog = read_po(po_file)
        tmp_path = mo_path.with_suffix(f".mo.{os.getpid()}.tmp")
        try:
            with open(tmp_path, "wb") as mo_file:
                write_mo(mo_file, catalog)
            tmp_path.replace(mo_path)  # atomic: parallel workers never read half a file
        except OSError:
            # A read-only install: run `pybabel compile -d crm_rollout/translations` at build time instead.
            log.warning("Cannot write %s; the interface falls back to English", mo_path)


def _kept(name: str) -> dict:
    """A dict that lasts as long as the request (outside one, as long as the app context). Kept on the request,
    not on `g`: a mail written for someone else during a request (notifications.mail.in_locale_of) has a
    request of its own, in that person's language, but shares the outer request's `g`."""
    holder = (request if has_request_context() else g)._get_current_object()
    kept = holder.__dict__.get(name)
    if kept is None:
        kept = holder.__dict__[name] = {}
    return kept


def once_per_request(function):
    """`function(*values)` worked out once a request for each set of values: for words in the reader's language
    that a page asks for many times (a status on every checklist row, a step's duration on every box)."""
    key = f"_once_{function.__module__}.{function.__qualname__}"

    @functools.wraps(function)
    def remembered(*values):
        memo = _kept(key)
        if values not in memo:
            memo[values] = function(*values)
        return memo[values]

    return remembered


def moment_text(value: datetime) -> str:
    """A moment as people read it (the short form, in their language and time zone). The short form shows the
    minute, so the moments of one minute read alike and are worked out once a request: a page of the audit
    trail lists dozens, each costing more to format than its line."""
    return _minute_text(value.replace(second=0, microsecond=0))


@once_per_request
def _minute_text(minute: datetime) -> str:
    return format_datetime(minute, "short")


@once_per_request
def _catalogue():
    # Flask-Babel looks the catalogue up again on every call. Templates render in the request's language (a
    # mail in another has a request of its own), so theirs is found once a request; words in code and labels
    # are also read under force_locale (workbooks), so `_in_force` finds one for each language in force.
    return get_translations()


@once_per_request
def memoized_gettext(string: str) -> str:
    """A translation looked up once per request."""
    return _catalogue().ugettext(string)


@pass_context
def template_gettext(context, string: str, **variables):
    """Templates' `_()` and `gettext()`, as Jinja's new-style gettext behaves (the text is a format string,
    escaped where the template escapes), with the finished text of a call without variables kept for the
    request: Jinja's own path costs five times the lookup on each of the hundreds of calls of a page."""
    if variables:
        return _finished(memoized_gettext(string), context.eval_ctx.autoescape, variables)
    return _finished_alone(string, context.eval_ctx.autoescape)


@once_per_request
def _finished_alone(string: str, autoescape: bool):
    return _finished(memoized_gettext(string), autoescape, {})


def _finished(text: str, autoescape: bool, variables: dict):
    # The catalogue is ours and trusted as the templates are (Jinja marks it safe too); the values are escaped.
    return (Markup(text) if autoescape else text) % variables  # noqa: S704


def lazy_text(string: str) -> LazyString:
    """`_l` everywhere: what Flask-Babel's `lazy_gettext` gives (the same LazyString), translated through the
    catalogue of the language in force (as `force_locale` sets it too), found once a request for each language.
    Flask-Babel finds the catalogue again for every string it translates: 6 µs, and a page prints up to a
    hundred labels."""
    return LazyString(_in_force, string)


def gettext(string: str, **variables) -> str:
    """`_` everywhere: Flask-Babel's `gettext` (the text in the language in force, its `%(name)s` filled in
    from `variables`), through the catalogue found once a request for each language, as `lazy_text`."""
    text = _in_force(string)
    return text % variables if variables else text


def _in_force(string: str) -> str:
    locale = get_locale()
    if locale is None:  # outside the app: the text as written, as Flask-Babel does
        return string
    catalogues = _kept("_catalogues")
    catalogue = catalogues.get(locale)
    if catalogue is None:
        catalogue = catalogues[locale] = get_translations()
    return catalogue.ugettext(string)


def text_of(label) -> str:
    """A label as text in the reader's language, a lazy one translated once a request: a form's choices are
    lazy labels, and each print of one asks the catalogue again (a process model prints a hundred)."""
    if not isinstance(label, LazyString) or not has_request_context():
        return "" if label is None else str(label)
    memo = _kept("_lazy_texts")
    found = memo.get(id(label))
    if found is None:
        # Kept with its text: while the request lasts, no other label can take its id.
        found = memo[id(label)] = (label, str(label))
    return found[1]


def translated(labels: dict) -> dict:
    """A dict of lazy labels as plain strings in the current language, built once per request."""
    memo = _kept("_labels_memo")
    lazy = labels.lazy if isinstance(labels, Labels) else labels
    key = id(lazy)
    if key not in memo:
        # The table is kept with its translation: while the request lasts, no other table can take its id.
        memo[key] = (lazy, {k: str(v) for k, v in lazy.items()})
    return memo[key][1]


class Labels(Mapping):
    """A {code: lazy label} table as templates read it: each label translated once per request (a lazy label
    asks the catalogue again every time it is printed, on every row of a register)."""

    def __init__(self, lazy: dict):
        self.lazy = lazy

    def __getitem__(self, code):
        return translated(self.lazy)[code]

    def __iter__(self):
        return iter(self.lazy)

    def __len__(self) -> int:
        return len(self.lazy)

    def items(self):  # a loop over a table (radio buttons on every row) asks for the translation once
        return translated(self.lazy).items()

    def values(self):
        return translated(self.lazy).values()


def as_template_value(value):
    """Tables of lazy labels become `Labels`; everything else stays as it is."""
    if isinstance(value, dict) and value and all(isinstance(v, LazyString) for v in value.values()):
        return Labels(value)
    return value


def install_template_gettext(app) -> None:
    """Templates translate through the memoized gettext; plurals and contexts as Flask-Babel installs them."""
    app.jinja_env.install_gettext_callables(
        gettext=memoized_gettext,
        ngettext=lambda s, p, n: get_translations().ungettext(s, p, n),
        pgettext=lambda c, s: get_translations().upgettext(c, s),
        npgettext=lambda c, s, p, n: get_translations().unpgettext(c, s, p, n),
        newstyle=True,
    )
    # `_` straight to the quick path, not through Jinja's alias that looks `gettext` up again on every call.
    app.jinja_env.globals.update(_=template_gettext, gettext=template_gettext)
