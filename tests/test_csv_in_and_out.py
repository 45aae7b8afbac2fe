"""CSV files as spreadsheets write and read them: no formulas out, and imports take what a Chinese Excel
saves, in its encodings and date forms."""

import csv
import io

import pytest

from crm_rollout.core import sheet_imports
from crm_rollout.core.extensions import db
from crm_rollout.core.sheets import SHEETS
from crm_rollout.risks import service as risks
from crm_rollout.scorecard import service as scorecard
from crm_rollout.scorecard.models import Kpi

FORMULAS = ['=HYPERLINK("http://evil.example","click")', "+1+1", "-2+3", "@SUM(A1)", "\tx", "\rx"]


def _cells(response) -> list[list[str]]:
    return list(csv.reader(io.StringIO(response.get_data(as_text=True).lstrip("\ufeff"))))


def test_no_exported_cell_starts_a_formula(app, login_as, world):
    with app.app_context():
        for text in FORMULAS:
            risks.create_risk(world.project_id, title=text, description=text)
        kpi = db.session.get(Kpi, world.kpi_id)
        scorecard.record(kpi, measured_on=kpi.baseline_date, value=-3, note=FORMULAS[0])
        db.session.commit()
    client = login_as("viewer")
    for url in ("risks/export.csv", "scorecard/export.csv"):
        rows = _cells(client.get(f"/projects/{world.project_id}/{url}"))
        cells = [cell for row in rows for cell in row]
        assert not [cell for cell in cells if cell.startswith(("=", "+", "@", "\t", "\r")) or cell.startswith("-2")]
    assert "'" + FORMULAS[0] in [
        c for row in _cells(client.get(f"/projects/{world.project_id}/risks/export.csv")) for c in row
    ]


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "gb18030", "gbk"])
def test_chinese_excel_files_and_their_date_forms_are_read(app, world, encoding):
    with app.app_context():
        kpi = db.session.get(Kpi, world.kpi_id)
        kpi.name = "复购率"
        db.session.commit()
    text = (
        "关键绩效指标,测量日期,数值,备注\n"
        "复购率,2026/11/30,39,培训之后\n"
        "复购率,2026年12月7日,40.5,\n"
        '复购率,2026.12.14 0:00,"1,041",\n'
    )
    with app.test_request_context():
        report = sheet_imports.run(SHEETS["measurements"], world.project_id, text.encode(encoding), dry_run=False)
        assert report.applied, report.as_json()
        db.session.commit()
        values = [(m.measured_on.isoformat(), m.value, m.note) for m in db.session.get(Kpi, world.kpi_id).measurements]
    assert values == [("2026-11-30", 39.0, "培训之后"), ("2026-12-07", 40.5, ""), ("2026-12-14", 1041.0, "")]


def test_errors_name_each_line_and_nothing_is_written(app, world):
    with app.app_context():
        name = db.session.get(Kpi, world.kpi_id).name
    lines = [f"{name},2026-02-01,36", f"{name},0001-01-01,37", f"{name},2026-03-01,NaN", f"{name},2026-13-01,1"]
    text = "\n".join(["KPI,Date measured,Value", *lines])
    with app.test_request_context():
        report = sheet_imports.run(SHEETS["measurements"], world.project_id, text.encode(), dry_run=False)
        assert [line.number for line in report.lines if line.action == "refused"] == [3, 4, 5]
        assert not report.applied
        assert db.session.get(Kpi, world.kpi_id).measurements == []
