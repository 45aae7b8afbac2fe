from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext

from crm_rollout.core.extensions import db


def test_models_match_the_migrations(app):
    """The test schema is built by the migrations (conftest); the models must describe it exactly."""
    with app.app_context(), db.engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": True})
        diff = compare_metadata(context, db.metadata)
    assert diff == []
