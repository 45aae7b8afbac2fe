"""CRM Rollout: a Flask application for running a CRM implementation project."""

import importlib
from pathlib import Path

from flask import Flask, g
from flask_login import current_user
from werkzeug.middleware.proxy_fix import ProxyFix
from werkzeug.routing import IntegerConverter

from crm_rollout import models  # noqa: F401  (maps every model)
from crm_rollout.core import (
    audit,  # noqa: F401  (registers the change listener)
    bounds,  # noqa: F401  (holds every stored value to its column's bounds)
    caching,
    registry,
    search,
    templating,
)
from crm_rollout.core.api import openapi  # noqa: F401  (the document's own route)
from crm_rollout.core.api.blueprint import bp as api_bp
from crm_rollout.core.config import build_config
from crm_rollout.core.db import end_reads_with_commit, ping_after_idle, render_migration_type
from crm_rollout.core.errors import register_error_handlers
from crm_rollout.core.extensions import babel, csrf, db, login_manager, migrate
from crm_rollout.core.health import bp as health_bp
from crm_rollout.core.i18n import compile_catalogues, install_template_gettext, select_locale
from crm_rollout.core.limits import INT_MAX, LimitedRequest
from crm_rollout.core.security import StrictJSONProvider, security_headers
from crm_rollout.core.sheet_pages import bp as sheets_bp

MIGRATIONS_DIR = str(Path(__file__).resolve().parent.parent / "migrations")


class BoundedIntConverter(IntegerConverter):
    def __init__(self, url_map, *args, **kwargs):
        kwargs.setdefault("max", INT_MAX)
        super().__init__(url_map, *args, **kwargs)


def create_app(config: dict | None = None) -> Flask:
    app = templating.App(__name__, template_folder="../templates", static_folder="../static")
    app.json = StrictJSONProvider(app)
    app.request_class = LimitedRequest
    app.config.update(build_config(Path(app.instance_path), config))
    Path(app.instance_path).mkdir(parents=True, exist_ok=True)
    if app.config.get("BEHIND_PROXY"):
        # One trusted reverse proxy: the client address (throttling) and HTTPS come from its headers.
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=1, x_proto=1, x_host=1)

    # Ids in URLs stop at the database's integer, so a huge one is a 404 rather than a database error.
    app.url_map.converters["int"] = BoundedIntConverter
    db.init_app(app)
    end_reads_with_commit(app, db.session)
    with app.app_context():
        ping_after_idle(db.engine)
    migrate.init_app(
        app,
        db,
        directory=MIGRATIONS_DIR,
        render_as_batch=True,
        compare_type=True,
        render_item=render_migration_type,
        include_object=search.not_in_models,
    )
    csrf.init_app(app)
    caching.init_app(app)
    compile_catalogues()
    babel.init_app(app, locale_selector=select_locale)
    install_template_gettext(app)
    _init_login(app)
    _register_domains(app)
    register_error_handlers(app)
    _register_request_hooks(app)

    from crm_rollout import cli

    templating.init_app(app)
    cli.init_app(app)
    return app


def _init_login(app: Flask) -> None:
    from crm_rollout.auth import hooks

    login_manager.init_app(app)
    login_manager.login_view = "auth.login"
    login_manager.login_message = None
    login_manager.session_protection = "strong"
    login_manager.user_loader(hooks.load_user)
    login_manager.request_loader(hooks.user_from_authorization_header)
    login_manager.unauthorized_handler(hooks.unauthorized)


# The domains, in the order their pages are registered: each package's register(app, registry) adds its
# blueprints and what it offers the core (labels, "my work" counters, the project pages' navigation).
DOMAINS = (
    "auth",
    "admin",
    "projects",
    "methods",
    "notifications",
    "documents",
    "phases",
    "gates",
    "milestones",
    "reports",
    "risks",
    "processes",
    "readiness",
    "scorecard",
    "lessons",
    "training",
    "migration",
    "cutover",
    "hypercare",
    "team",
    "steering",
    "activity",
    "golive",
    "health",
    "programmes",
    "portfolio",
)


def _register_domains(app: Flask) -> None:
    offered = registry.install(app)
    app.register_blueprint(health_bp)
    for name in DOMAINS:
        importlib.import_module(f"crm_rollout.{name}").register(app, offered)
    app.register_blueprint(sheets_bp)  # the registers the domains offered as workbooks
    # Registered last, once every domain's endpoints have joined it. The API checks CSRF itself: required
    # for cookie sessions, not for bearer tokens.
    app.register_blueprint(api_bp)
    csrf.exempt(api_bp)


def _register_request_hooks(app: Flask) -> None:
    @app.before_request
    def remember_actor():
        g.actor_id = current_user.id if current_user.is_authenticated else None
        db.session.info["actor_id"] = g.actor_id

    app.after_request(security_headers)
