"""The evaluation phase compares each KPI's measurements since go-live with its baseline."""

from datetime import date, timedelta

from crm_rollout.core.extensions import db
from crm_rollout.golive import evaluation
from crm_rollout.golive import service as golive
from crm_rollout.scorecard import service as scorecard


def test_benefits_since_go_live_are_set_against_their_baselines(app, client, login_as, world):
    login_as("viewer")
    url = f"/projects/{world.project_id}/phases/9"
    assert "has not gone live yet" in client.get(url).get_data(as_text=True)
    with app.test_request_context():
        kpi = scorecard.KPIS.get(world.project_id, world.kpi_id)  # repeat purchase: 35 % → 45 %, higher is better
        scorecard.record(kpi, measured_on=date.today() - timedelta(days=40), value=30.0)  # before go-live: ignored
        pack = golive.get_pack(world.project_id, world.pack_id)
        golive.decide(pack, outcome="go", rationale="", expected_version=pack.version)
        scorecard.record(kpi, measured_on=date.today(), value=40.0)
        db.session.commit()
        live, [row] = evaluation.comparisons(world.project_id)
        assert live == date.today()
        assert (row.since.value, row.change, row.share_of_way, row.better) == (40.0, 5.0, 0.5, True)
    page = client.get(url).get_data(as_text=True)
    assert "Benefits since go-live" in page and "+5" in page and "50 %" in page
    # Other phases do not show it.
    assert "Benefits since go-live" not in client.get(f"/projects/{world.project_id}/phases/8").get_data(as_text=True)
