"""Phase gates: evidence frozen for the committee's review."""


def register(app, registry) -> None:
    """Its pages and what it offers the core; imported here, so that loading a model never loads pages."""
    from crm_rollout.gates import (
        api,  # noqa: F401  (its JSON endpoints join the API)
        service,
    )
    from crm_rollout.gates.views import bp

    app.register_blueprint(bp)
    registry.my_work_rows["gate reviews"] = service.waiting_rows
