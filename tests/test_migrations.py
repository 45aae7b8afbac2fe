from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext

from crm_rollout.core.extensions import db
from crm_rollout.core.search import not_in_models


def test_models_match_the_migrations(app):
    """The test schema is built by the migrations (conftest); the models must describe it exactly."""
    with app.app_context(), db.engine.connect() as connection:
        options = {"compare_type": True, "include_object": not_in_models}
        context = MigrationContext.configure(connection, opts=options)
        diff = compare_metadata(context, db.metadata)
    assert diff == []
