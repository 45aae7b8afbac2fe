"""The risk register and its heat maps."""


def register(app, registry) -> None:
    """Its pages and what it offers the core; imported here, so that loading a model never loads pages."""
    from crm_rollout.risks import (
        api,  # noqa: F401  (its JSON endpoints join the API)
        service,
    )
    from crm_rollout.risks.labels import CATEGORY_LABELS, RISK_KIND_LABELS, RISK_STATUS_LABELS
    from crm_rollout.risks.views import bp

    app.register_blueprint(bp)
    registry.project_created["risk catalogue"] = lambda project, _template: service.propose_catalogue(project.id)
    registry.template_globals |= {
        "RISK_STATUS_LABELS": RISK_STATUS_LABELS,
        "RISK_KIND_LABELS": RISK_KIND_LABELS,
        "CATEGORY_LABELS": CATEGORY_LABELS,
    }
