"""A project file may come from anyone: it carries no credentials out and can grant no rights coming in."""

import json

import pytest
from sqlalchemy import select

from crm_rollout import backup
from crm_rollout.auth.models import User
from crm_rollout.core.audit import acting_as
from crm_rollout.core.errors import ValidationFailed
from crm_rollout.core.extensions import db
from crm_rollout.risks import service as risks
from crm_rollout.team.models import Person
from tests import factories
from tests.conftest import login


def _export(app, project_id):
    with app.app_context():
        return json.loads(json.dumps(backup.export_project(project_id)))


def _rows(document, table):
    dumped = document["tables"][table]
    return [dict(zip(dumped["columns"], row, strict=True)) for row in dumped["rows"]]


def _set(document, table, row_index, column, value):
    dumped = document["tables"][table]
    dumped["rows"][row_index][dumped["columns"].index(column)] = value


def test_an_export_carries_no_credentials_or_rights(app, world):
    text = json.dumps(_export(app, world.project_id))
    for secret in ("password_hash", "is_admin", "token_hash", "user_sessions", "login_attempts", "pbkdf2", "scrypt"):
        assert secret not in text
    with app.app_context():
        hashes = [u.password_hash for u in db.session.scalars(select(User))]
    assert all(h[10:40] not in text for h in hashes)


def test_a_crafted_file_cannot_create_an_administrator_or_set_a_password(app, client, world):
    document = _export(app, world.project_id)
    _set(document, "projects", 0, "uid", "f" * 32)  # as if from another site
    with app.app_context():
        known_hash = db.session.get(User, world.users["director"]).password_hash
    document["users"].append(
        {
            "id": 999,
            "username": "mallory",
            "email": "mallory@evil.example",
            "display_name": "Mallory",
            "locale": None,
            "password_hash": known_hash,
            "is_admin": True,
            "active": True,
        }
    )
    memberships = document["tables"]["memberships"]
    memberships["rows"].append(list(memberships["rows"][0]))
    _set(document, "memberships", -1, "id", 99999)
    _set(document, "memberships", -1, "user_id", 999)
    # The director's own record, as the file describes it, asks for site admin too.
    for user in document["users"]:
        user |= {"is_admin": True}
    with app.app_context():
        backup.import_project(document)
        db.session.commit()
        mallory = db.session.scalar(select(User).where(User.email == "mallory@evil.example"))
        assert mallory is not None and not mallory.is_admin and not mallory.active and mallory.password_hash == ""
        assert db.session.scalar(select(User).where(User.is_admin)).id == world.users["admin"]
    response = client.post("/login", data={"login": "mallory", "password": factories.PASSWORD})
    assert response.status_code == 401


def test_people_are_matched_by_email_and_their_accounts_stay_as_they_were(app, world):
    document = _export(app, world.project_id)
    _set(document, "projects", 0, "uid", "e" * 32)
    for user in document["users"]:
        user["username"] = "renamed-" + user["username"]  # matching goes by e-mail, not by username
    with app.app_context():
        before = {u.id: (u.username, u.password_hash, u.is_admin, u.active) for u in db.session.scalars(select(User))}
        backup.import_project(document)
        db.session.commit()
        after = {u.id: (u.username, u.password_hash, u.is_admin, u.active) for u in db.session.scalars(select(User))}
    assert after == before


def test_importing_a_project_that_is_here_already_is_refused_unless_a_copy_is_asked_for(app, world, tmp_path):
    export_file = tmp_path / "project.json"
    export_file.write_text(json.dumps(_export(app, world.project_id)), encoding="utf-8")
    runner = app.test_cli_runner()
    refused = runner.invoke(args=["import", str(export_file)])
    assert refused.exit_code != 0 and "already" in refused.output and "Traceback" not in refused.output
    copied = runner.invoke(args=["import", "--copy", str(export_file)])
    assert copied.exit_code == 0, copied.output


@pytest.mark.parametrize(
    ("table", "column", "value", "words"),
    [
        ("risks", "probability", "high", ["risks", "row 1", "probability"]),
        ("risks", "title", "x" * 100_000, ["risks", "row 1", "title", "longer"]),
        ("checklist_items", "due_date", "0001-01-01", ["checklist_items", "row 1", "due_date", "range"]),
        ("checklist_items", "mandatory", "yes", ["checklist_items", "row 1", "mandatory"]),
        ("kpis", "target", 1e309, ["kpis", "row 1", "target", "finite"]),
    ],
)
def test_a_wrong_value_names_table_row_and_field_and_nothing_is_written(app, world, table, column, value, words):
    document = _export(app, world.project_id)
    _set(document, "projects", 0, "uid", "d" * 32)
    _set(document, table, 0, column, value)
    with app.app_context():
        projects_before = len(db.session.execute(select(db.metadata.tables["projects"].c.id)).all())
        with pytest.raises(ValidationFailed) as raised:
            backup.import_project(document)
        db.session.rollback()
        message = raised.value.errors["file"]
        assert all(word in message for word in words), message
        assert len(db.session.execute(select(db.metadata.tables["projects"].c.id)).all()) == projects_before


def test_the_import_command_refuses_nan_and_broken_files_without_a_traceback(app, world, tmp_path):
    document = json.dumps(_export(app, world.project_id)).replace('"probability": 3', '"probability": NaN')
    for name, text in {"nan.json": document.replace(", 3,", ", NaN,", 1), "cut.json": document[:500]}.items():
        path = tmp_path / name
        path.write_text(text, encoding="utf-8")
        result = app.test_cli_runner().invoke(args=["import", str(path)])
        assert result.exit_code != 0 and "Nothing imported" in result.output, result.output
        assert "Traceback" not in result.output


def test_ids_inside_the_audit_trail_still_name_the_same_person_after_a_restore(app, world):
    with app.app_context():
        director = db.session.get(User, world.users["director"])
        people = db.session.scalars(select(Person).where(Person.project_id == world.project_id)).all()
        named = people[-1]
        with acting_as(db.session, director.id):
            risk = risks.RISKS.get(world.project_id, world.risk_id)
            risks.update_risk(risk, expected_version=risk.version, changes={"owner_id": named.id})
        db.session.commit()
        name = named.name
        document = backup.export_project(world.project_id)
        # Push the ids apart so that the old id would name somebody else.
        for n in range(5):
            db.session.add(Person(project_id=world.other_project_id, name=f"Filler {n}", tier="core", position="x"))
        db.session.flush()
        copy_id = backup.import_project(json.loads(json.dumps(document)), copy=True)
        db.session.commit()
        audit = db.metadata.tables["audit_entries"]
        entries = (
            db.session.execute(select(audit).where(audit.c.project_id == copy_id, audit.c.field == "owner_id"))
            .mappings()
            .all()
        )
        assert entries
        assert db.session.get(Person, int(entries[-1]["new_value"])).name == name
        assert db.session.get(Person, int(entries[-1]["new_value"])).project_id == copy_id


def test_a_restored_account_signs_in_only_after_an_administrator_activates_it(app, client, world, tmp_path):
    document = _export(app, world.project_id)
    _set(document, "projects", 0, "uid", "c" * 32)
    document["users"][0]["email"] = "someone.new@example.com"
    with app.app_context():
        backup.import_project(document)
        db.session.commit()
        created = db.session.scalar(select(User).where(User.email == "someone.new@example.com"))
        assert created.username != document["users"][0]["username"]  # taken here: a free one beside it
    login(client, "siteadmin")
    page = client.get(f"/admin/users/{created.id}").get_data(as_text=True)
    assert "Deactivated" in page
