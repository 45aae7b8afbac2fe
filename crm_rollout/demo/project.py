"""A demo company's project, started the way a director starts one."""

from crm_rollout.methods import service as methods
from crm_rollout.projects import service as projects


def new_project(director, **details):
    """A demo project on the published method, created by its director (who acts at the time set around it)."""
    method = methods.published(methods.default_version_id())
    project = projects.create_project(
        creator=director, template=methods.template_of(method), method_version_id=method.id, **details
    )
    project.is_demo = True
    return project
