"""The benefits scorecard: KPIs, measurements, CSV in and out."""

from crm_rollout.core.i18n import lazy_text as _l
from crm_rollout.core.registry import MenuLink


def register(app, registry) -> None:
    """Its pages and what it offers the core; imported here, so that loading a model never loads pages."""
    from crm_rollout.scorecard import (
        api,  # noqa: F401  (its JSON endpoints join the API)
        sheets,  # noqa: F401  (its registers as workbooks)
    )
    from crm_rollout.scorecard.labels import Direction, Goal, Indicator, KpiState
    from crm_rollout.scorecard.service import carried_to_wave
    from crm_rollout.scorecard.views import bp

    app.register_blueprint(bp)
    registry.project_menu.append(MenuLink(60, "scorecard.scorecard", _l("Scorecard")))
    registry.wave_carried["scorecard"] = carried_to_wave
    registry.template_globals |= {
        "INDICATOR_LABELS": Indicator.labels(),
        "GOAL_LABELS": Goal.labels(),
        "DIRECTION_LABELS": Direction.labels(),
        "KPI_STATUS_LABELS": KpiState.labels(),
    }
