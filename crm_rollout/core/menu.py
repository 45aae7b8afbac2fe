"""The project menu below the phases: the links the domains registered (core/registry.py), in their order."""

from dataclasses import dataclass

from flask import current_app, request, url_for
from flask_babel import get_locale

from crm_rollout.core import registry
from crm_rollout.core.permissions import can

KEPT = 1024  # menus kept (one a project and language) before the store starts afresh


@dataclass(frozen=True)
class Link:
    url: str
    label: str
    current: bool  # the page shown is this link's


def project_menu(project_id: int) -> list[Link]:
    """The links this reader may follow, the current page's marked. Their addresses and words are worked out
    once a project and language and kept: every project page shows the menu."""
    endpoint, blueprint = request.endpoint, request.blueprint
    return [
        Link(url, label, endpoint == entry.endpoint if entry.exact else blueprint == entry.endpoint.split(".")[0])
        for entry, url, label in _built(project_id)
        if entry.permission is None or can(entry.permission)
    ]


def _built(project_id: int) -> list[tuple]:
    store = current_app.extensions.setdefault("crm_rollout.menus", {})
    key = (request.script_root, project_id, str(get_locale()))
    built = store.get(key)
    if built is None:
        if len(store) >= KEPT:
            store.clear()
        entries = sorted(registry.current().project_menu, key=lambda entry: entry.position)
        built = store[key] = [(e, url_for(e.endpoint, project_id=project_id), str(e.label)) for e in entries]
    return built
