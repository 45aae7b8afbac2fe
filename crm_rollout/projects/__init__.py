"""Projects, their members and roles, and the project revision pages cache on."""


def register(app, registry) -> None:
    """Its pages and what it offers the core; imported here, so that loading a model never loads pages."""
    from crm_rollout.projects import (
        members,
        revisions,  # noqa: F401  (bumps project revisions at commit)
    )
    from crm_rollout.projects.labels import ROLE_LABELS, SCOPE_LABELS
    from crm_rollout.projects.views import bp

    app.register_blueprint(bp)
    registry.membership_of = members.membership_for
    registry.template_globals |= {"SCOPE_LABELS": SCOPE_LABELS, "ROLE_LABELS": ROLE_LABELS}
