"""Accounts: sign-in, sessions, passwords, API tokens."""


def register(app, registry) -> None:
    """Its pages and what it offers the core; imported here, so that loading a model never loads pages."""
    from crm_rollout.auth.views import bp

    app.register_blueprint(bp)
