"""Programmes: several rollout projects of one company run as waves (headquarters first, then regions or
business units), with one vision, a shared steering committee and a page that rolls the waves up."""


def register(app, registry) -> None:
    """Its pages; imported here, so that loading a model never loads pages."""
    from crm_rollout.programmes import api  # noqa: F401  (its JSON endpoints join the API)
    from crm_rollout.programmes.views import bp

    app.register_blueprint(bp)
