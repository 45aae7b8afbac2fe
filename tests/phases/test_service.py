from datetime import date, timedelta

import pytest

from crm_rollout.core.errors import Conflict, ValidationFailed
from crm_rollout.core.extensions import db
from crm_rollout.methodology import phases_template
from crm_rollout.phases import changing as phase_changes
from crm_rollout.phases import service
from tests.factories import make_project, make_user


@pytest.fixture
def project(ctx):
    director = make_user("dir")
    project = make_project(director)
    db.session.commit()
    return project


def test_a_new_project_copies_the_methodology_template(project):
    template = phases_template()
    summaries = service.summaries(project.id)
    assert [s.phase.name_en for s in summaries] == [p["name_en"] for p in template["phases"]]
    assert [s.phase.name_zh for s in summaries] == [p["name_zh"] for p in template["phases"]]
    assert [s.total for s in summaries] == [len(p["items"]) for p in template["phases"]]
    assert project.methodology_version == template["version"]
    first = service.phase_items(summaries[0].phase.id)
    assert first[0].title_zh == template["phases"][0]["items"][0]["zh"]


def test_template_changes_never_rewrite_existing_projects(project, monkeypatch):
    before = [i.title_en for i in service.project_items(project.id)]
    template = phases_template()
    changed = {**template, "phases": [{**template["phases"][0], "items": [{"zh": "新", "en": "New"}]}]}
    monkeypatch.setattr("crm_rollout.projects.service.phases_template", lambda: changed)
    make_project(make_user("dir2"), name="Later project")
    assert [i.title_en for i in service.project_items(project.id)] == before


def test_progress_counts_done_items_and_excludes_not_applicable(project):
    phase = service.summaries(project.id)[0].phase
    items = service.phase_items(phase.id)
    phase_changes.update_item(items[0], expected_version=items[0].version, changes={"status": "done"})
    phase_changes.update_item(items[1], expected_version=items[1].version, changes={"status": "not_applicable"})
    summary = service.summaries(project.id)[0]
    assert summary.done == 1
    assert summary.countable == len(items) - 1
    assert summary.progress == round(100 / (len(items) - 1))
    assert service.progress_percent(0, 0) is None


def test_removed_items_do_not_count_and_can_be_restored(project):
    phase = service.summaries(project.id)[0].phase
    item = service.phase_items(phase.id)[0]
    total = service.summaries(project.id)[0].total
    phase_changes.set_removed(item, removed=True, expected_version=item.version)
    assert service.summaries(project.id)[0].total == total - 1
    phase_changes.set_removed(item, removed=False, expected_version=item.version)
    assert service.summaries(project.id)[0].total == total


def test_overdue_means_past_due_and_not_finished(project):
    items = service.project_items(project.id)
    yesterday = date.today() - timedelta(days=1)
    phase_changes.update_item(items[0], expected_version=items[0].version, changes={"due_date": yesterday})
    phase_changes.update_item(
        items[1], expected_version=items[1].version, changes={"due_date": yesterday, "status": "done"}
    )
    assert [i.id for i in service.most_overdue_items(project.id)] == [items[0].id]
    assert service.overdue_due_dates(project.id) == [yesterday]
    assert items[0].is_overdue and not items[1].is_overdue


def test_a_stale_version_is_refused_and_nothing_changes(project):
    item = service.project_items(project.id)[0]
    read_version = item.version
    phase_changes.update_item(item, expected_version=read_version, changes={"notes": "first"})
    with pytest.raises(Conflict) as raised:
        phase_changes.update_item(item, expected_version=read_version, changes={"notes": "second"})
    assert raised.value.current.notes == "first"
    assert item.notes == "first"


def test_invalid_values_name_their_field(project):
    item = service.project_items(project.id)[0]
    stranger = make_user("stranger")
    with pytest.raises(ValidationFailed) as raised:
        phase_changes.update_item(
            item,
            expected_version=item.version,
            changes={"status": "finished", "owner": stranger.id, "due_date": "soon"},
        )
    assert set(raised.value.errors) == {"status", "owner", "due_date"}


def test_bulk_update_is_all_or_nothing(project):
    items = service.project_items(project.id)[:3]
    versions = {i.id: i.version for i in items}
    phase_changes.update_item(items[2], expected_version=items[2].version, changes={"notes": "meanwhile"})
    with pytest.raises(Conflict):
        phase_changes.bulk_update_items(project.id, versions, {"status": "blocked"})
    db.session.rollback()
    assert all(i.status == "open" for i in service.project_items(project.id)[:3])
    versions = {i.id: i.version for i in service.project_items(project.id)[:3]}
    phase_changes.bulk_update_items(project.id, versions, {"status": "blocked"})
    assert [i.status for i in service.project_items(project.id)[:3]] == ["blocked"] * 3


def test_added_items_take_the_editors_language_and_fill_the_other(project):
    phase = service.summaries(project.id)[0].phase
    item = phase_changes.add_item(phase, title="梳理渠道", locale="zh")
    assert item.title_zh == "梳理渠道" and item.title_en == "梳理渠道"
    phase_changes.update_item(item, expected_version=item.version, changes={"title": "Map the channels"}, locale="en")
    assert item.title_zh == "梳理渠道" and item.title_en == "Map the channels"


def test_phase_dates_must_be_in_order(project):
    phase = service.summaries(project.id)[0].phase
    with pytest.raises(ValidationFailed) as raised:
        phase_changes.update_phase(
            phase,
            expected_version=phase.version,
            changes={"planned_start": date(2026, 3, 1), "planned_end": date(2026, 2, 1)},
        )
    assert "planned_end" in raised.value.errors
