"""The training plan: courses for each audience, their sessions, who was enrolled, who attended and passed."""

from crm_rollout.core.i18n import lazy_text as _l
from crm_rollout.core.registry import MenuLink


def register(app, registry) -> None:
    """Its pages and what it offers the core; imported here, so that loading a model never loads pages."""
    from crm_rollout.training import (
        api,  # noqa: F401  (its JSON endpoints join the API)
        sheets,  # noqa: F401  (the trainees as a workbook: end users come from Excel)
    )
    from crm_rollout.training.labels import CourseMode
    from crm_rollout.training.views import bp

    app.register_blueprint(bp)
    registry.project_menu.append(MenuLink(70, "training.plan", _l("Training")))
    registry.template_globals |= {"COURSE_MODE_LABELS": CourseMode.labels()}
