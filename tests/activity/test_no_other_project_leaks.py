"""Nothing of another project is ever visible: a member of one project walks every page of it, with an
audit trail whose ids also exist in another project, and finds no name or title that exists only there.
(Found by the review: the activity page read risk, KPI and process owners, who are people, as accounts.)"""

import io
import re

import pytest
from openpyxl import load_workbook
from pypdf import PdfReader
from sqlalchemy import String, Text, select

from crm_rollout.auth.models import User
from crm_rollout.core.audit import AuditEntry
from crm_rollout.core.extensions import db
from crm_rollout.core.sheet_pages import XLSX
from crm_rollout.core.sheets import SHEETS
from crm_rollout.projects.models import Membership
from crm_rollout.team.models import Person
from tests.conftest import login

NAME_COLUMNS = {"name", "title", "title_en", "title_zh", "display_name", "text", "activity", "scenario"}


def _texts(project_id: int) -> set[str]:
    """Every name-like text stored for a project (and its members' account names)."""
    found = set()
    for table in db.metadata.sorted_tables:
        if "project_id" not in table.c or table.name == "audit_entries":
            continue
        columns = [c for c in table.c if c.name in NAME_COLUMNS and isinstance(c.type, String | Text)]
        for column in columns:
            found |= {v for v in db.session.scalars(select(column).where(table.c.project_id == project_id)) if v}
    members = select(Membership.user_id).where(Membership.project_id == project_id)
    found |= set(db.session.scalars(select(User.display_name).where(User.id.in_(members))))
    return found


def _pages(app, world, project_id: int) -> list[str]:
    ids = {
        "item_id": world.item_id,
        "deliverable_id": world.deliverable_id,
        "person_id": world.person_id,
        "meeting_id": world.meeting_id,
        "milestone_id": world.milestone_id,
        "report_id": world.report_id,
        "risk_id": world.risk_id,
        "assessment_id": world.assessment_id,
        "process_id": world.process_id,
        "model_id": world.model_id,
        "lesson_id": world.lesson_id,
        "course_id": world.course_id,
        "session_id": world.session_id,
        "trainee_id": world.trainee_id,
        "object_id": world.migration_object_id,
        "load_id": world.migration_load_id,
        "run_id": world.cutover_run_id,
        "runbook_step_id": world.runbook_step_id,
        "pack_id": world.pack_id,
        "incident_id": world.incident_id,
        "version_id": world.version_id,
        "number": 1,
        "key": "ten_considerations",
    }
    with app.app_context():
        from crm_rollout.processes.models import ProcessStep

        ids["step_id"] = db.session.scalar(select(ProcessStep.id).where(ProcessStep.model_id == world.model_id))
    urls = []
    for rule in app.url_map.iter_rules():
        if "GET" not in rule.methods or "project_id" not in rule.arguments or rule.endpoint.startswith("api."):
            continue
        if rule.endpoint == "sheets.export":  # every register's workbook
            urls += [rule.build({"project_id": project_id, "register": key})[1] for key in SHEETS]
            continue
        values = {"project_id": project_id} | {a: ids[a] for a in rule.arguments if a != "project_id"}
        urls.append(rule.build(values)[1])
    return urls


@pytest.fixture
def other_project(app, world):
    """A second project with its own people and accounts, whose ids overlap this project's."""
    from bench.generate import generate

    with app.app_context():
        other_id = generate(0.02, name="Elsewhere Holdings rollout")
        db.session.commit()
        people = db.session.scalars(select(Person.id).where(Person.project_id == other_id)).all()
        members = select(Membership.user_id).where(Membership.project_id == other_id)
        outsiders = db.session.scalars(select(User.id).where(User.id.in_(members))).all()
        # Audit entries of this project that name ids existing only over there: a person as owner
        # (risks, KPIs, processes, actions) and an account as owner (checklist items).
        crafted = [
            ("risks", world.risk_id, "owner_id", people),
            ("kpis", world.kpi_id, "owner_id", people),
            ("processes", world.process_id, "owner_id", people),
            ("actions", world.action_id, "owner_id", people),
            ("checklist_items", world.item_id, "owner_id", outsiders),
            ("people", world.person_id, "user_id", outsiders),
        ]
        for entity_type, entity_id, field, foreign_ids in crafted:
            for foreign_id in foreign_ids[:20]:
                db.session.add(
                    AuditEntry(
                        project_id=world.project_id,
                        entity_type=entity_type,
                        entity_id=entity_id,
                        action="updated",
                        field=field,
                        old_value=None,
                        new_value=str(foreign_id),
                    )
                )
        db.session.commit()
        return other_id


def test_every_page_of_a_project_shows_nothing_that_exists_only_in_another(app, client, world, other_project):
    with app.app_context():
        only_there = {t for t in _texts(other_project) - _texts(world.project_id) if len(t) >= 5}
    assert len(only_there) > 20  # the other project really has names of its own
    login(client, "member")
    leaks = {}
    for url in _pages(app, world, world.project_id):
        for language in ("en", "zh"):
            response = client.get(url, headers={"Accept-Language": language})
            assert response.status_code in (200, 302, 403), url
            if response.mimetype == "application/pdf":
                body = "".join(page.extract_text() for page in PdfReader(io.BytesIO(response.data)).pages)
            elif response.mimetype == XLSX:
                rows = load_workbook(io.BytesIO(response.data)).active.iter_rows(values_only=True)
                body = "\n".join(str(cell) for row in rows for cell in row if cell is not None)
            else:
                body = response.get_data(as_text=True)
            found = [t for t in only_there if re.search(rf"(?<![\w]){re.escape(t)}(?![\w])", body)]
            if found:
                leaks[url] = found
    assert leaks == {}
