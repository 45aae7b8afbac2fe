"""Data migration: the objects to move (accounts, contacts, open orders ...), their order, and every load of
each with its counts, rejections and reconciliation."""

from crm_rollout.core.i18n import lazy_text as _l
from crm_rollout.core.registry import MenuLink


def register(app, registry) -> None:
    """Its pages and what it offers the core; imported here, so that loading a model never loads pages."""
    from crm_rollout.migration import api  # noqa: F401  (its JSON endpoints join the API)
    from crm_rollout.migration.labels import LoadKind, WorkStatus
    from crm_rollout.migration.views import bp

    app.register_blueprint(bp)
    registry.project_menu.append(MenuLink(80, "migration.objects", _l("Data migration")))
    registry.template_globals |= {"WORK_STATUS_LABELS": WorkStatus.labels(), "LOAD_KIND_LABELS": LoadKind.labels()}
