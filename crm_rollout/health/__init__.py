"""The project health index: an early warning of failure, computed from signals the tool already has
(slipping milestones, overdue work, waiting gates, falling readiness, broken team rules, unmitigated risks,
KPIs without a baseline, an absent sponsor), each weighed and explained, with a daily history."""

from crm_rollout.core.i18n import lazy_text as _l

STATUS_LABELS = {"green": _l("Green: on track"), "amber": _l("Amber: needs attention"), "red": _l("Red: at risk")}


def register(app, registry) -> None:
    """Its pages and what it offers the core; imported here, so that loading a model never loads pages."""
    from crm_rollout.health import api  # noqa: F401  (its JSON endpoint joins the API)
    from crm_rollout.health.signals import LABELS
    from crm_rollout.health.views import bp

    app.register_blueprint(bp)
    registry.template_globals |= {"HEALTH_SIGNAL_LABELS": LABELS, "HEALTH_STATUS_LABELS": STATUS_LABELS}
