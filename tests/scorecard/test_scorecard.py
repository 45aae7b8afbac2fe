import io
from datetime import date

import pytest

from crm_rollout.core.errors import ValidationFailed
from crm_rollout.core.extensions import db
from crm_rollout.scorecard import service
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


def test_csv_import_is_all_or_nothing_with_line_numbers(project):
    kpi = _kpi(project, "higher", 35, 45)
    with pytest.raises(ValidationFailed) as raised:
        service.import_csv(project.id, b"kpi,date,value\nhigher KPI,2026-02-01,36\nnobody,2026-03-01,37\n")
    assert "Line 3" in raised.value.errors["csv"]
    assert kpi.measurements == []
    count = service.import_csv(
        project.id, f"higher KPI,2026-02-01,36\n{kpi.id},2026-03-01,37.5,after training\n".encode()
    )
    assert count == 2 and [m.value for m in kpi.measurements] == [36, 37.5]


def test_scorecard_page_and_import_through_the_browser_form(app, login_as, world):
    client = login_as("consultant")
    url = f"/projects/{world.project_id}/scorecard/"
    response = client.post(
        f"{url}import",
        data={"file": (io.BytesIO(b"Repeat purchase rate,2026-06-01,39\n"), "m.csv")},
        content_type="multipart/form-data",
    )
    assert response.status_code == 302
    html = client.get(url).get_data(as_text=True)
    assert "Repeat purchase rate" in html and "chart.svg" in html
    chart = client.get(f"{url}chart.svg")
    assert chart.status_code == 200 and chart.mimetype == "image/svg+xml"
    assert login_as("viewer").post(
        f"{url}{world.kpi_id}/measurements", data={"measured_on": "2026-07-01", "value": "40"}
    ).status_code in (302, 403)
