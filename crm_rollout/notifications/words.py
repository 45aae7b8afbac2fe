"""A notification as a person reads it, in the language of the moment: its sentence and its link."""

from flask import url_for
from werkzeug.routing import BuildError

from crm_rollout.core.i18n import gettext as _
from crm_rollout.core.i18n import is_chinese
from crm_rollout.notifications.kinds import SENTENCES, Kind


def _in_locale(value) -> str:
    if isinstance(value, dict):
        first, second = ("zh", "en") if is_chinese() else ("en", "zh")
        return value.get(first) or value.get(second) or ""
    return str(value or "")


def sentence_of(notification) -> str:
    actor = notification.actor.display_name if notification.actor is not None else _("Someone")
    params = notification.params or {}
    sentence = SENTENCES.get(notification.sentence)
    if sentence is None:  # a kind of event this version no longer writes: say what it was about
        return str(Kind(notification.kind).label)
    return str(sentence) % {
        "actor": actor,
        "title": _in_locale(params.get("title")),
        "detail": _in_locale(params.get("detail")),
    }


def link_of(notification, *, external: bool = False) -> str:
    """The page of what the notification is about (the inbox, should that page be gone from the app)."""
    try:
        return url_for(notification.endpoint, _external=external, **(notification.endpoint_args or {}))
    except BuildError:
        return url_for("notifications.inbox", _external=external)
