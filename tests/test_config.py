"""The embedded database keeps its file name across versions: renaming it would hide a user's data."""

from pathlib import Path

from crm_rollout.core.config import build_config


def test_the_default_sqlite_file_is_instance_crm_rollout_db(tmp_path, monkeypatch):
    monkeypatch.delenv("DATABASE_URL", raising=False)
    config = build_config(tmp_path, {"SECRET_KEY": "x"})
    assert config["SQLALCHEMY_DATABASE_URI"] == f"sqlite:///{Path(tmp_path) / 'crm_rollout.db'}"
