"""Evidence files attached to a project's things, with their versions."""


def register(app, registry) -> None:
    """Its routes and the panel helper every page with attachments uses."""
    from crm_rollout.documents import (
        api,  # noqa: F401  (its JSON endpoints join the API)
        service,
    )
    from crm_rollout.documents.files import PREVIEWED
    from crm_rollout.documents.views import bp

    app.register_blueprint(bp)
    registry.template_globals |= {"documents_of": service.documents_of, "PREVIEWABLE": PREVIEWED}
