"""Site administration of accounts."""


def register(app, registry) -> None:
    """Its pages and what it offers the core; imported here, so that loading a model never loads pages."""
    from crm_rollout.admin.views import bp

    app.register_blueprint(bp)
