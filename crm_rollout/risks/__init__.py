"""The risk register and its heat maps."""

from crm_rollout.core.i18n import lazy_text as _l
from crm_rollout.core.registry import MenuLink


def register(app, registry) -> None:
    """Its pages and what it offers the core; imported here, so that loading a model never loads pages."""
    from crm_rollout.risks import (
        api,  # noqa: F401  (its JSON endpoints join the API)
        service,
        sheets,  # noqa: F401  (its registers as workbooks)
    )
    from crm_rollout.risks.labels import RiskCategory, RiskKind, RiskStatus
    from crm_rollout.risks.views import bp

    app.register_blueprint(bp)
    registry.project_menu.append(MenuLink(40, "risks.register", _l("Risks")))
    registry.project_created["risk catalogue"] = lambda project, template: service.propose_catalogue(
        project.id, template.get("risks")
    )
    registry.template_globals |= {
        "RISK_STATUS_LABELS": RiskStatus.labels(),
        "RISK_KIND_LABELS": RiskKind.labels(),
        "CATEGORY_LABELS": RiskCategory.labels(),
    }
