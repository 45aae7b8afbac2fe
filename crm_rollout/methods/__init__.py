"""The method library: methods (the nine phases and lighter variants) edited in the browser as drafts and
published as numbered versions; a new project copies the version it is created from."""


def register(app, registry) -> None:
    """Its pages; imported here, so that loading a model never loads pages."""
    from crm_rollout.methodology import HEALTH_RULE_LABELS
    from crm_rollout.methods import api  # noqa: F401  (its JSON endpoints join the API)
    from crm_rollout.methods.views import bp

    app.register_blueprint(bp)
    registry.template_globals["HEALTH_RULE_LABELS"] = HEALTH_RULE_LABELS
