"""A page costs the same number of SQL queries whatever the size of the project."""

from crm_rollout.auth import service as accounts
from crm_rollout.extensions import db
from crm_rollout.phases import service as phases
from tests.conftest import login
from tests.factories import make_project, make_user


def _project_with_items(app, name, extra_items):
    with app.app_context():
        director = accounts.find_by_login("dir") or make_user("dir")
        project = make_project(director, name=name)
        phase = phases.summaries(project.id)[0].phase
        for n in range(extra_items):
            phases.add_item(phase, title=f"Item {n}", locale="en", owner=director.id)
        db.session.commit()
        return project.id


def _queries(app, client, count_queries, url):
    client.get(url)  # warm caches (templates, locale)
    with count_queries() as counter:
        assert client.get(url).status_code == 200
    return counter.count


def test_phase_page_and_overview_cost_the_same_for_10_and_1000_items(app, client, count_queries):
    small = _project_with_items(app, "Small", 10)
    large = _project_with_items(app, "Large", 1000)
    login(client, "dir")
    for page in ("/projects/{}/", "/projects/{}/phases/1", "/"):
        small_count = _queries(app, client, count_queries, page.format(small))
        large_count = _queries(app, client, count_queries, page.format(large))
        assert small_count == large_count, (page, small_count, large_count)


def test_portfolio_costs_the_same_for_one_project_and_many(app, client, count_queries):
    _project_with_items(app, "First", 3)
    login(client, "dir")
    one = _queries(app, client, count_queries, "/")
    for n in range(5):
        _project_with_items(app, f"More {n}", 3)
    assert _queries(app, client, count_queries, "/") == one
