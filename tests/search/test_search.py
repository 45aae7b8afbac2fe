"""Search in Chinese without spaces and English in any case, only in the projects one may see, best first,
paged, kept current in the transaction of each change; on both databases."""

from datetime import date

from sqlalchemy import select

from crm_rollout.core import search
from crm_rollout.core.audit import acting_as
from crm_rollout.core.extensions import db
from crm_rollout.phases import changing
from crm_rollout.phases import service as phases
from crm_rollout.phases.models import ChecklistItem
from crm_rollout.processes import service as processes
from crm_rollout.risks import service as risks
from crm_rollout.steering import service as steering
from tests.conftest import login


def _titles(client, query, **more) -> list[str]:
    answer = client.get("/api/v1/search", query_string={"q": query, **more})
    assert answer.status_code == 200, answer.get_json()
    return [r["title"] for r in answer.get_json()["results"]]


def _seed(app, world):
    with app.app_context():
        processes.create_process(world.project_id, name="客户投诉处理流程", area="service", description="")
        risks.create_risk(world.project_id, title="Key users leave the Service team", cause="Attrition")
        steering.record_decision(world.project_id, decided_on=date.today(), text="上线日期推迟两周，以完成数据清洗")
        item = db.session.get(ChecklistItem, world.item_id)
        changing.update_item(item, expected_version=item.version, changes={"notes": "与销售部确认 CRM scope"})
        with acting_as(db.session, world.users["outsider"]):
            other = phases.project_items(world.other_project_id)[0]
            changing.update_item(other, expected_version=other.version, changes={"notes": "客户投诉 secret of another"})
        db.session.commit()


def test_chinese_without_spaces_and_english_in_any_case(app, client, world):
    _seed(app, world)
    login(client, "viewer")
    assert _titles(client, "投诉") == ["客户投诉处理流程"]
    assert _titles(client, "投诉处理") == ["客户投诉处理流程"]
    assert _titles(client, "service TEAM") == ["Key users leave the Service team"]
    assert _titles(client, "serv") != []  # the last word is a prefix while one types
    decision = _titles(client, "数据清洗")
    assert decision == ["上线日期推迟两周，以完成数据清洗"]
    assert _titles(client, "清洗 推迟") == decision  # every word, in any order
    assert _titles(client, "投诉 nonexistentword") == []


def test_nothing_of_a_project_one_is_not_in(app, client, world):
    _seed(app, world)
    login(client, "viewer")
    answer = client.get("/api/v1/search", query_string={"q": "secret"}).get_json()
    assert answer["results"] == [] and answer["total"] == 0
    # Naming the other project's id does not open it either.
    assert _titles(client, "secret", project=world.other_project_id) == []
    page = client.get("/search", query_string={"q": "secret"}).get_data(as_text=True)
    assert "another" not in page
    outsider = app.test_client()
    login(outsider, "outsider")
    assert len(_titles(outsider, "secret")) == 1  # there, it is theirs


def test_results_say_where_they_live_and_mark_the_match(app, client, world):
    _seed(app, world)
    login(client, "viewer")
    [hit] = client.get("/api/v1/search", query_string={"q": "销售部"}).get_json()["results"]
    assert hit["kind"] == "items" and hit["project_id"] == world.project_id
    assert hit["url"].endswith(f"/projects/{world.project_id}/items/{world.item_id}")
    assert "销售部" in hit["snippet"]
    page = client.get("/search", query_string={"q": "销售部"}).get_data(as_text=True)
    assert "<mark>销售部</mark>" in page and "Phase 1" in page and "Checklist item" in page


def test_the_index_follows_every_change_in_its_transaction(app, client, world):
    login(client, "viewer")
    with app.app_context():
        risk = risks.create_risk(world.project_id, title="供应商交付延迟")
        db.session.commit()
        assert _titles(client, "供应商") == ["供应商交付延迟"]
        risks.update_risk(risk, expected_version=risk.version, changes={"title": "Vendor delivers late"})
        db.session.commit()
        assert _titles(client, "供应商") == [] and _titles(client, "vendor") == ["Vendor delivers late"]
        risks.update_risk(risk, expected_version=risk.version, changes={"title": "还没提交的标题"})
        db.session.rollback()  # a change that never commits is never found
        assert _titles(client, "还没提交") == []
        item = db.session.get(ChecklistItem, world.item_id)
        title = item.title_en
        changing.set_removed(item, removed=True, expected_version=item.version)
        db.session.commit()
        assert title not in _titles(client, title)


def test_title_words_rank_first_and_results_are_paged(app, client, world):
    with app.app_context():
        for n in range(25):
            risks.create_risk(world.project_id, title=f"Risk {n}", cause="budget overrun in go-live week")
        risks.create_risk(world.project_id, title="Budget", cause="")
        db.session.commit()
    login(client, "viewer")
    first = client.get("/api/v1/search", query_string={"q": "budget"}).get_json()
    assert first["total"] == 26 and len(first["results"]) == search.PAGE
    assert first["results"][0]["title"] == "Budget"
    second = client.get("/api/v1/search", query_string={"q": "budget", "page": 2}).get_json()
    assert len(second["results"]) == 6
    assert not {r["id"] for r in first["results"]} & {r["id"] for r in second["results"]}


def test_an_import_and_a_rebuild_index_what_is_there(app, world):
    from crm_rollout.backup import export_project, import_project

    with app.app_context():
        copy_id = import_project(export_project(world.project_id), copy=True)
        db.session.commit()
        kinds = set(db.session.scalars(select(search.SearchEntry.kind).where(search.SearchEntry.project_id == copy_id)))
        assert {"items", "deliverables", "risks", "documents"} <= kinds
        db.session.execute(search.SearchEntry.__table__.delete())
        assert search.rebuild() > 0
        db.session.commit()
        assert not search.is_empty()
