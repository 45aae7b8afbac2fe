"""Every register as an Excel workbook: the page's columns with headers in the reader's language, real dates
and numbers, a frozen and filtered header, no formulas, and nothing of another project."""

import io
from datetime import date, datetime

import pytest
from openpyxl import load_workbook

from crm_rollout.auth.models import User
from crm_rollout.core.extensions import db
from crm_rollout.core.sheet_pages import XLSX
from crm_rollout.core.sheets import SHEETS
from crm_rollout.phases.models import ChecklistItem
from crm_rollout.risks import service as risks
from crm_rollout.scorecard import service as scorecard
from crm_rollout.scorecard.models import Kpi
from tests.api.conftest import bearer  # noqa: F401  (a fixture)

REGISTERS = ("checklist", "deliverables", "decisions", "actions", "milestones", "risks", "kpis", "measurements")
REGISTERS += ("team", "processes", "readiness", "readiness-answers", "lessons")
FORMULA = '=HYPERLINK("http://evil.example","click")'


def _sheet(response):
    assert response.status_code == 200, response.status_code
    assert response.mimetype == XLSX
    return load_workbook(io.BytesIO(response.data)).active


def _values(page) -> list[list]:
    return [[cell.value for cell in row] for row in page.iter_rows()]


def test_every_register_the_issue_names_is_offered(app):
    assert set(REGISTERS) <= set(SHEETS)


@pytest.mark.parametrize("key", REGISTERS)
def test_each_workbook_has_the_page_columns_in_the_readers_language(app, login_as, world, key):
    with app.app_context():
        db.session.get(User, world.users["viewer"]).locale = "zh"
        db.session.commit()
    client = login_as("viewer")
    page = _sheet(client.get(f"/projects/{world.project_id}/{key}/export.xlsx"))
    with app.test_request_context(headers={"Accept-Language": "zh-CN"}):
        expected = [str(column.header) for column in SHEETS[key].all_columns]
    assert [cell.value for cell in page[1]] == expected
    assert page.freeze_panes == "A2"
    assert page.auto_filter.ref.startswith("A1:")
    assert all(page.column_dimensions[letter].width >= 8 for letter in "AB")


def test_dates_are_dates_numbers_numbers_and_text_never_a_formula(app, login_as, world):
    with app.app_context():
        risks.create_risk(world.project_id, title=FORMULA, probability=4, impact=5)
        kpi = db.session.get(Kpi, world.kpi_id)
        scorecard.record(kpi, measured_on=date(2026, 11, 30), value=41.5, note="-2+3")
        db.session.commit()
    client = login_as("viewer")
    page = _sheet(client.get(f"/projects/{world.project_id}/risks/export.xlsx"))
    header = [cell.value for cell in page[1]]
    row = next(r for r in page.iter_rows(min_row=2) if r[header.index("Title")].value == FORMULA)
    assert row[header.index("Title")].data_type == "s"
    assert row[header.index("Probability")].value == 4
    assert row[header.index("Score")].value == 20
    page = _sheet(client.get(f"/projects/{world.project_id}/measurements/export.xlsx"))
    (measured,) = list(page.iter_rows(min_row=2))
    assert isinstance(measured[1].value, datetime) and measured[1].value.date() == date(2026, 11, 30)
    assert measured[1].number_format == "yyyy-mm-dd"
    assert measured[2].value == 41.5
    assert (measured[4].value, measured[4].data_type) == ("-2+3", "s")


def test_the_checklist_of_one_phase_or_all(app, login_as, world):
    with app.app_context():
        items = db.session.scalars(
            db.select(ChecklistItem).where(
                ChecklistItem.project_id == world.project_id, ChecklistItem.removed_at.is_(None)
            )
        ).all()
        phases = {item.id: item.phase.number for item in items}
    client = login_as("viewer")
    every = _values(_sheet(client.get(f"/projects/{world.project_id}/checklist/export.xlsx")))[1:]
    assert sorted(row[0] for row in every) == sorted(phases)
    first = _values(_sheet(client.get(f"/projects/{world.project_id}/checklist/export.xlsx?phase=1")))[1:]
    assert sorted(row[0] for row in first) == sorted(i for i, n in phases.items() if n == 1)
    assert {row[1] for row in first} == {1}


def test_nothing_of_another_project_and_no_workbook_for_outsiders(app, login_as, world):
    with app.app_context():
        risks.create_risk(world.other_project_id, title="其他项目的机密风险")
        db.session.commit()
    client = login_as("viewer")
    for key in REGISTERS:
        data = _values(_sheet(client.get(f"/projects/{world.project_id}/{key}/export.xlsx")))
        cells = {str(cell) for row in data for cell in row}
        assert "其他项目的机密风险" not in cells
        if key == "checklist":
            assert world.other_item_id not in {row[0] for row in data[1:]}
    assert client.get(f"/projects/{world.other_project_id}/risks/export.xlsx").status_code in (403, 404)
    assert client.get(f"/projects/{world.project_id}/no-such-register/export.xlsx").status_code == 404


def test_the_api_serves_the_same_workbooks_and_documents_them(client, world, bearer):  # noqa: F811
    headers = bearer("viewer")
    page = _sheet(client.get(f"/api/v1/projects/{world.project_id}/risks/export.xlsx", headers=headers))
    assert page.max_row >= 2
    refused = client.get(f"/api/v1/projects/{world.other_project_id}/risks/export.xlsx", headers=headers)
    assert refused.status_code in (403, 404)
    paths = client.get("/api/v1/openapi.json").get_json()["paths"]
    for key in REGISTERS:
        operation = paths[f"/api/v1/projects/{{project_id}}/{key}/export.xlsx"]["get"]
        assert XLSX in operation["responses"]["200"]["content"]
