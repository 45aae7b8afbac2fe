"""The three-tier project organisation, its health checks and capacity."""

from crm_rollout.core.i18n import lazy_text as _l
from crm_rollout.core.registry import MenuLink


def register(app, registry) -> None:
    """Its pages and what it offers the core; imported here, so that loading a model never loads pages."""
    from crm_rollout.team import (
        api,  # noqa: F401  (its JSON endpoints join the API)
        sheets,  # noqa: F401  (its registers as workbooks)
    )
    from crm_rollout.team.service import carried_to_wave
    from crm_rollout.team.views import bp

    app.register_blueprint(bp)
    registry.project_menu.append(MenuLink(130, "team.team", _l("Team")))
    registry.wave_carried["team"] = carried_to_wave
