"""Hypercare: the weeks after go-live, when incidents are answered and resolved against targets, the team
meets daily, and hypercare ends when its exit criteria hold."""

from crm_rollout.core.i18n import lazy_text as _l
from crm_rollout.core.registry import MenuLink


def register(app, registry) -> None:
    """Its pages and what it offers the core; imported here, so that loading a model never loads pages."""
    from crm_rollout.hypercare import api  # noqa: F401  (its JSON endpoints join the API)
    from crm_rollout.hypercare.labels import TARGET_HOURS, Category, Priority
    from crm_rollout.hypercare.views import bp

    app.register_blueprint(bp)
    registry.project_menu.append(MenuLink(110, "hypercare.stand_up", _l("Hypercare")))
    registry.template_globals |= {
        "PRIORITY_LABELS": Priority.labels(),
        "INCIDENT_CATEGORY_LABELS": Category.labels(),
        "TARGET_HOURS": TARGET_HOURS,
    }
