"""The JSON API under /api/v1 and its OpenAPI document."""


def register(app, registry) -> None:
    """Its pages and what it offers the core; imported here, so that loading a model never loads pages."""
    from crm_rollout.api import (  # noqa: F401  (their routes join the blueprint)
        governance,
        instruments,
        items,
        openapi,
        organisation,
        processes,
    )
    from crm_rollout.api.blueprint import bp
    from crm_rollout.core.extensions import csrf

    app.register_blueprint(bp)
    # The API checks CSRF itself: required for cookie sessions, not for bearer tokens.
    csrf.exempt(bp)
