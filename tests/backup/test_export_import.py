"""Backup and restore: a whole project exported as JSON comes back equal, row for row, into the same
database beside the original (new ids) and into an empty one."""

import json

import pytest

from bench.compare import canonical
from crm_rollout import backup, create_app
from crm_rollout.cli import init_db
from crm_rollout.core.errors import ValidationFailed
from crm_rollout.core.extensions import db
from crm_rollout.demo.seed import seed_demo
from crm_rollout.processes.models import ProcessModel


@pytest.fixture
def demo(app):
    with app.app_context():
        assert seed_demo()
        db.session.commit()
        projects = db.metadata.tables["projects"]
        return db.session.scalar(db.select(projects.c.id).order_by(projects.c.id))  # wave 1, the one under way


def test_the_demo_round_trips_beside_itself_with_new_ids(app, demo):
    with app.app_context():
        original = backup.export_project(demo)
        copy_id = backup.import_project(json.loads(json.dumps(original)), copy=True)
        db.session.commit()
        copy = backup.export_project(copy_id)
    assert copy_id != demo
    assert sum(len(t["rows"]) for t in original["tables"].values()) > 500
    assert original["tables"]["audit_entries"]["rows"] and original["tables"]["process_steps"]["rows"]
    assert canonical(copy) == canonical(original)


def test_the_demo_round_trips_into_an_empty_database_through_the_commands(app, demo, tmp_path):
    export_file = tmp_path / "demo.json"
    with app.app_context():
        original = backup.export_project(demo)
    result = app.test_cli_runner().invoke(args=["export", str(demo), "-o", str(export_file)])
    assert result.exit_code == 0, result.output

    empty = create_app({"SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'empty.db'}", "SECRET_KEY": "t"})
    with empty.app_context():
        init_db()
    result = empty.test_cli_runner().invoke(args=["import", str(export_file)])
    assert result.exit_code == 0, result.output
    with empty.app_context():
        restored_id = db.session.scalar(db.select(db.metadata.tables["projects"].c.id))
        restored = backup.export_project(restored_id)
        # A plain-id reference still names the same test after the move.
        revised = db.session.scalar(db.select(ProcessModel).where(ProcessModel.prototype_test_id.is_not(None)))
        assert revised is not None and revised.prototype_test_id in {
            r[0] for r in restored["tables"]["prototype_tests"]["rows"]
        }
        db.session.remove()
    assert canonical(restored) == canonical(original)


def test_an_import_that_fails_leaves_nothing_behind(app, demo):
    with app.app_context():
        document = backup.export_project(demo)
        before = db.session.scalar(db.select(db.func.count()).select_from(db.metadata.tables["projects"]))
        broken = json.loads(json.dumps(document))
        broken["tables"]["process_steps"]["rows"][0][broken["tables"]["process_steps"]["columns"].index("model_id")] = (
            987654
        )
        with pytest.raises(ValidationFailed):
            backup.import_project(broken)
        db.session.rollback()
        assert db.session.scalar(db.select(db.func.count()).select_from(db.metadata.tables["projects"])) == before
        with pytest.raises(ValidationFailed):
            backup.import_project(document | {"schema": "0001"})


def test_the_benchmark_project_round_trips_too(app):
    """The benchmark's generator at a fifth of its size (bench/run.py round-trips the full one)."""
    from bench.generate import generate

    with app.app_context():
        project_id = generate(0.2, name="Round trip")
        original = backup.export_project(project_id)
        copy = backup.export_project(backup.import_project(json.loads(json.dumps(original)), copy=True))
        db.session.commit()
    assert len(original["tables"]["audit_entries"]["rows"]) >= 20_000
    assert len(original["tables"]["process_steps"]["rows"]) > 100
    assert canonical(copy) == canonical(original)
