"""A page costs the same number of SQL queries whatever the size of the project."""

from crm_rollout.extensions import db
from crm_rollout.phases import service as phases
from tests.conftest import login
from tests.factories import make_project, make_user


def _project_with_items(app, name, extra_items):
    with app.app_context():
        director = db.session.scalar(db.select(db.metadata.tables["users"].c.id).where(db.text("username = 'dir'")))
        from crm_rollout.auth.models import User

        director = db.session.get(User, director) if director else make_user("dir")
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
