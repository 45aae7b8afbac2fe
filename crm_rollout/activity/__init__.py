"""The project's audit trail, shown."""

from crm_rollout.core.i18n import lazy_text as _l
from crm_rollout.core.registry import MenuLink


def register(app, registry) -> None:
    """Its pages and what it offers the core; imported here, so that loading a model never loads pages."""
    from crm_rollout.activity.views import bp

    app.register_blueprint(bp)
    registry.project_menu.append(MenuLink(150, "activity.activity", _l("Activity"), exact=True))
