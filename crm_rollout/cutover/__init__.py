"""The cut-over: the window and the point of no return, the runbook of steps with their dependencies, and
its runs (the rehearsals and the cut-over itself) with the times people tick."""

from crm_rollout.core.i18n import lazy_text as _l
from crm_rollout.core.registry import MenuLink


def register(app, registry) -> None:
    """Its pages and what it offers the core; imported here, so that loading a model never loads pages."""
    from crm_rollout.cutover import api  # noqa: F401  (its JSON endpoints join the API)
    from crm_rollout.cutover.labels import RunKind, StepStatus
    from crm_rollout.cutover.schedule import hours_minutes
    from crm_rollout.cutover.views import bp

    app.register_blueprint(bp)
    registry.project_menu.append(MenuLink(90, "cutover.runbook", _l("Cut-over")))
    registry.template_filters["hours_minutes"] = hours_minutes
    registry.template_globals |= {"STEP_STATUS_LABELS": StepStatus.labels(), "RUN_KIND_LABELS": RunKind.labels()}
