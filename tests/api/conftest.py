import pytest

from crm_rollout.auth import service as accounts
from crm_rollout.auth.models import User
from crm_rollout.core.extensions import db


@pytest.fixture
def bearer(app, world):
    """bearer("consultant") -> headers carrying a fresh API token of that world account."""

    def _headers(username):
        with app.app_context():
            _token, raw = accounts.create_api_token(db.session.get(User, world.users[username]), "tests")
            db.session.commit()
        return {"Authorization": f"Bearer {raw}"}

    return _headers
