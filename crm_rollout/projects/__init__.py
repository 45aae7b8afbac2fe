"""Projects, their members and roles, and the project revision pages cache on (the pages: portfolio/)."""


def register(app, registry) -> None:
    """What it offers the core: who is a member (for permissions), the project revision, role words."""
    from crm_rollout.core.permissions import Role
    from crm_rollout.projects import (
        members,
        revisions,  # noqa: F401  (bumps project revisions at commit)
    )
    from crm_rollout.projects.labels import SCOPE_LABELS, ReviewRule

    registry.membership_of = members.membership_for
    registry.template_globals |= {
        "SCOPE_LABELS": SCOPE_LABELS,
        "ROLE_LABELS": Role.labels(),
        "REVIEW_RULE_LABELS": ReviewRule.labels(),
    }
