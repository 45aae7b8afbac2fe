"""The project pages at the top of the house: the portfolio, a project's overview, its settings and members,
and "my work" across projects. They read every domain; none reads them. Their blueprint keeps the name
"projects" (url_for("projects.overview", ...))."""


def register(app, registry) -> None:
    """Its pages; imported here, so that loading a model never loads pages."""
    from crm_rollout.portfolio import api  # noqa: F401  (its JSON endpoints join the API)
    from crm_rollout.portfolio.calendar import bp as calendar_bp
    from crm_rollout.portfolio.search import bp as search_bp
    from crm_rollout.portfolio.views import bp

    app.register_blueprint(bp)
    app.register_blueprint(calendar_bp)
    app.register_blueprint(search_bp)
