import io
import re
from datetime import date

import pytest
from sqlalchemy import func, select

from crm_rollout.core import sheet_imports
from crm_rollout.core.errors import ValidationFailed
from crm_rollout.core.extensions import db
from crm_rollout.core.sheets import SHEETS
from crm_rollout.scorecard import service
from crm_rollout.scorecard.models import Kpi, Measurement
from tests.factories import make_project, make_user

START, END = date(2026, 1, 1), date(2026, 12, 31)
HALFWAY = date(2026, 7, 2)


@pytest.fixture
def project(ctx):
    project = make_project(make_user("dir"))
    db.session.commit()
    return project


def _kpi(project, direction, baseline, target):
    return service.create_kpi(
        project.id,
        name=f"{direction} KPI",
        indicator_type="leading",
        goal_type="efficiency",
        unit="",
        baseline=baseline,
        baseline_date=START,
        target=target,
        target_date=END,
        direction=direction,
    )


@pytest.mark.parametrize(
    ("direction", "baseline", "target", "latest", "expected"),
    [
        ("higher", 35, 45, 45, "achieved"),
        ("higher", 35, 45, 41, "on_track"),  # 60 % of the way at half time
        ("higher", 35, 45, 36, "behind"),
        ("lower", 24, 4, 4, "achieved"),  # hours to resolve a complaint
        ("lower", 24, 4, 13, "on_track"),  # 55 % of the way down at half time
        ("lower", 24, 4, 22, "behind"),
        ("lower", 24, 4, 30, "behind"),  # worse than the baseline
    ],
)
def test_status_follows_the_direction_and_the_time_passed(project, direction, baseline, target, latest, expected):
    kpi = _kpi(project, direction, baseline, target)
    service.record(kpi, measured_on=HALFWAY, value=latest)
    assert service.status(kpi, on=HALFWAY).status == expected


def test_a_kpi_without_measurements_has_no_status_yet(project):
    kpi = _kpi(project, "higher", 1, 2)
    assert service.status(kpi, on=HALFWAY).status == "no_data"


def test_definitions_are_validated(project):
    with pytest.raises(ValidationFailed) as raised:
        service.create_kpi(
            project.id,
            name="",
            indicator_type="lagging",
            goal_type="broad",
            baseline=5,
            baseline_date=END,
            target=5,
            target_date=START,
            direction="sideways",
        )
    assert {"name", "direction", "target_date"} <= set(raised.value.errors)


def test_a_second_measurement_on_one_day_replaces_the_first(project):
    kpi = _kpi(project, "higher", 35, 45)
    service.record(kpi, measured_on=HALFWAY, value=38)
    service.record(kpi, measured_on=HALFWAY, value=39)
    assert [(m.measured_on, m.value) for m in kpi.measurements] == [(HALFWAY, 39)]


def test_a_measurements_file_is_all_or_nothing_with_line_numbers(app, project):
    kpi = _kpi(project, "higher", 35, 45)
    db.session.commit()  # an import that writes nothing rolls back all that is not committed
    sheet = SHEETS["measurements"]
    with app.test_request_context():
        report = sheet_imports.run(
            sheet,
            project.id,
            b"KPI,Date measured,Value\nhigher KPI,2026-02-01,36\nnobody,2026-03-01,37\n",
            dry_run=False,
        )
        assert [line.action for line in report.lines] == ["added", "refused"] and not report.applied
        assert report.lines[1].number == 3 and "nobody" in report.lines[1].reasons[0]
        assert db.session.scalar(select(func.count()).select_from(Measurement)) == 0  # nothing written
        text = "KPI,Date measured,Value,Note\nhigher KPI,2026-02-01,36\nhigher KPI,2026-03-01,37.5,after training\n"
        assert sheet_imports.run(sheet, project.id, text.encode(), dry_run=False).applied
    assert [m.value for m in kpi.measurements] == [36, 37.5]


def test_scorecard_page_and_import_through_the_browser_form(app, login_as, world):
    client = login_as("consultant")
    url = f"/projects/{world.project_id}/scorecard/"
    importing = f"/projects/{world.project_id}/measurements/import"
    token = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', client.get(importing).get_data(as_text=True)).group(1)
    file = (io.BytesIO(b"KPI,Date measured,Value\nRepeat purchase rate,2026-06-01,39\n"), "m.csv")
    preview = client.post(importing, data={"csrf_token": token, "file": file}, content_type="multipart/form-data")
    confirm = re.search(r'action="(/projects/[^"]+/measurements/import/[^"]+)"', preview.get_data(as_text=True)).group(
        1
    )
    assert client.post(confirm, data={"csrf_token": token}).status_code == 302
    with app.app_context():
        assert [m.value for m in db.session.get(Kpi, world.kpi_id).measurements] == [39]
    html = client.get(url).get_data(as_text=True)
    assert "Repeat purchase rate" in html and "chart.svg" in html
    chart = client.get(f"{url}chart.svg")
    assert chart.status_code == 200 and chart.mimetype == "image/svg+xml"
    assert login_as("viewer").post(
        f"{url}{world.kpi_id}/measurements", data={"measured_on": "2026-07-01", "value": "40"}
    ).status_code in (302, 403)
