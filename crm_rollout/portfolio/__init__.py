"""The project pages at the top of the house: the portfolio, a project's overview, its settings and members,
and "my work" across projects. They read every domain; none reads them. Their blueprint keeps the name
"projects" (url_for("projects.overview", ...))."""

from crm_rollout.core.i18n import lazy_text as _l
from crm_rollout.core.permissions import MANAGE_PROJECT
from crm_rollout.core.registry import MenuLink


def register(app, registry) -> None:
    """Its pages; imported here, so that loading a model never loads pages."""
    from crm_rollout.portfolio import api  # noqa: F401  (its JSON endpoints join the API)
    from crm_rollout.portfolio.calendar import bp as calendar_bp
    from crm_rollout.portfolio.search import bp as search_bp
    from crm_rollout.portfolio.views import bp

    app.register_blueprint(bp)
    app.register_blueprint(calendar_bp)
    app.register_blueprint(search_bp)
    registry.project_menu += [
        MenuLink(160, "projects.members", _l("Members & access"), exact=True),
        MenuLink(170, "projects.settings", _l("Settings"), exact=True, permission=MANAGE_PROJECT),
    ]
