"""Readiness assessments and their questionnaires."""

from crm_rollout.core.i18n import lazy_text as _l
from crm_rollout.core.registry import MenuLink


def register(app, registry) -> None:
    """Its pages and what it offers the core; imported here, so that loading a model never loads pages."""
    from crm_rollout.readiness import (
        api,  # noqa: F401  (its JSON endpoints join the API)
        service,
        sheets,  # noqa: F401  (its registers as workbooks)
    )
    from crm_rollout.readiness.views import bp

    app.register_blueprint(bp)
    registry.project_menu.append(MenuLink(50, "readiness.assessments", _l("Readiness")))
    registry.my_work_rows["assessments"] = service.rows_to_answer
