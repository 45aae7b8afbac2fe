"""The method library: built-in methods, drafts edited in the browser and published as versions that running
projects never feel, projects created from a chosen version, methods shared as TOML files."""

import io
import re
import tomllib
from datetime import date, timedelta

from sqlalchemy import select

from crm_rollout import backup
from crm_rollout.core.extensions import db
from crm_rollout.methods import service as methods
from crm_rollout.methods.models import Method, MethodVersion
from crm_rollout.phases import service as phases
from crm_rollout.projects.models import Project


def _csrf(client, url: str) -> str:
    return re.search(r'name="csrf_token"[^>]*value="([^"]+)"', client.get(url).get_data(as_text=True)).group(1)


def _version(app, version_id) -> MethodVersion:
    with app.app_context():
        found = db.session.get(MethodVersion, version_id)
        db.session.expunge(found)
        return found


def _quick_start(app) -> tuple[int, int]:
    with app.app_context():
        method = db.session.scalar(select(Method).where(Method.key == "saas_quickstart"))
        return method.id, methods.latest(method).id


def test_the_library_ships_the_full_method_and_a_lighter_one_both_bilingual(app, client, login_as, world):
    login_as("viewer")
    listed = {m["key"]: m for m in client.get("/api/v1/methods").get_json()}
    assert [v["phases"] for v in listed["nine_phase"]["versions"]] == [9]
    assert [v["phases"] for v in listed["saas_quickstart"]["versions"]] == [5]
    assert listed["nine_phase"]["has_draft"]  # the world's director is editing it
    page = client.get("/methods/").get_data(as_text=True)
    assert "SaaS quick-start" in page and "Nine-phase CRM implementation method" in page
    client.post("/language", data={"locale": "zh"})
    assert "SaaS 快速实施" in client.get("/methods/").get_data(as_text=True)
    assert client.post(f"/methods/{world.method_id}/draft").status_code == 403  # a viewer reads only


def test_a_project_is_created_from_the_chosen_version_and_says_which(app, client, login_as, world):
    method_id, version_id = _quick_start(app)
    login_as("member")  # anyone may create a project and becomes its director
    url = "/projects/new"
    answer = client.post(
        url,
        data={
            "csrf_token": _csrf(client, url),
            "name": "Quick CRM",
            "company": "ACME",
            "method_version_id": version_id,
        },
    )
    assert answer.status_code == 302
    with app.app_context():
        project = db.session.scalar(select(Project).where(Project.name == "Quick CRM"))
        names = [s.phase.name_en for s in phases.summaries(project.id)]
        assert names[0] == "Preparation & kickoff" and len(names) == 5
        assert project.method_version_id == version_id and project.methodology_version == "saas_quickstart v1"
        project_id = project.id
    overview = client.get(f"/projects/{project_id}/").get_data(as_text=True)
    assert "SaaS quick-start" in overview and f"/methods/{method_id}" in overview
    with app.app_context():
        exit_en = db.session.get(MethodVersion, version_id).content["phases"][0]["exit_en"]
    assert exit_en and exit_en in client.get(f"/projects/{project_id}/phases/1").get_data(as_text=True)
    refused = client.post(
        url,
        data={"csrf_token": _csrf(client, url), "name": "Draft-made", "company": "ACME",
              "method_version_id": world.method_version_id},
    )  # fmt: skip
    assert refused.status_code == 400  # a draft is not offered, nor taken


def test_a_draft_is_edited_published_and_never_reaches_a_running_project(app, client, login_as, world):
    login_as("director")
    base = f"/methods/{world.method_id}/versions/{world.method_version_id}"
    edit = f"{base}/phases/1"
    draft = _version(app, world.method_version_id)
    lines = "* 取得总经理书面承诺 | Get the GM's written commitment\n界定范围 | Decide the scope\n"
    form = {
        "csrf_token": _csrf(client, edit),
        "name_zh": "立项",
        "name_en": "Approval",
        "objective_zh": "",
        "objective_en": "Approve the project.",
        "typical_weeks": "2",
        "items": lines,
        "deliverables": "立项书 | Project proposal",
        "version": str(draft.version),
    }
    assert client.post(edit, data=form).status_code == 302
    assert client.post(edit, data=form | {"name_en": "Stale"}).status_code == 409  # the version moved on
    bad = client.post(edit, data=form | {"items": " | only English", "version": str(draft.version + 1)})
    assert bad.status_code == 400 and "Line 1" in bad.get_data(as_text=True)
    draft = _version(app, world.method_version_id)
    first = draft.content["phases"][0]
    assert (first["name_en"], first["typical_weeks"]) == ("Approval", 2)
    assert first["items"] == [
        {"zh": "取得总经理书面承诺", "en": "Get the GM's written commitment", "mandatory": True},
        {"zh": "界定范围", "en": "Decide the scope", "mandatory": False},
    ]
    page = client.get(base)
    token = _csrf(client, base)
    moved = client.post(
        f"{base}/phases/1/move", data={"csrf_token": token, "version": str(draft.version), "direction": "down"}
    )
    assert moved.status_code == 302 and page.status_code == 200
    draft = _version(app, world.method_version_id)
    assert [p["key"] for p in draft.content["phases"][:2]] == ["kickoff", "preparation"]
    published = client.post(
        f"{base}/publish", data={"csrf_token": token, "version": str(draft.version), "note": "Shorter start"}
    )
    assert published.status_code == 302
    assert client.post(edit, data=form | {"version": str(draft.version + 1)}).status_code == 400  # frozen now
    with app.app_context():
        version = db.session.get(MethodVersion, world.method_version_id)
        assert (version.number, version.note, version.is_draft) == (2, "Shorter start", False)
        running = [s.phase.name_en for s in phases.summaries(world.project_id)]
        assert running[0] == "Project preparation"  # the world's project keeps its copy
        from crm_rollout.auth.models import User
        from crm_rollout.projects import service as projects

        director = db.session.get(User, world.users["director"])
        template = methods.template_of(version)
        fresh = projects.create_project(
            creator=director, name="New", company="ACME", template=template, method_version_id=version.id
        )
        created = phases.summaries(fresh.id)
        assert [s.phase.name_en for s in created[:2]] == ["Kickoff", "Approval"]
        items = phases.phase_items(created[1].phase.id)
        assert [(i.title_en, i.mandatory) for i in items] == [
            ("Get the GM's written commitment", True),
            ("Decide the scope", False),
        ]


def test_a_method_file_round_trips_and_a_hostile_one_is_refused_whole(app, client, login_as, world):
    method_id, version_id = _quick_start(app)
    login_as("director")
    exported = client.get(f"/methods/{method_id}/versions/{version_id}/method.toml")
    assert exported.headers["Content-Disposition"].endswith('saas_quickstart-v1.toml"')
    parsed = tomllib.loads(exported.get_data(as_text=True))
    parsed["is_admin"] = True  # whatever else a file says is ignored
    url = "/methods/"

    def upload(body: bytes, name="method.toml"):
        return client.post(
            "/methods/import",
            data={"csrf_token": _csrf(client, url), "file": (io.BytesIO(body), name)},
            content_type="multipart/form-data",
        )

    answer = upload(exported.get_data())
    assert answer.status_code == 302
    with app.app_context():
        copy = db.session.scalar(select(Method).where(Method.key == "saas_quickstart_2"))
        original = db.session.get(MethodVersion, version_id)
        assert methods.draft(copy).content == original.content and not copy.built_in
        count = db.session.scalar(select(db.func.count()).select_from(Method))
    too_many = "\n".join(
        f'[[phases]]\nkey = "p{n}"\nname_zh = "阶段{n}"\nname_en = "Phase {n}"\nitems = []\ndeliverables = []'
        for n in range(25)
    )
    head = 'name_zh = "方法"\nname_en = "M"\n[[phases]]\nkey = "a"\n'
    hostile = [
        b"x" * (600 * 1024),
        b"not = [toml",
        b"\xff\xfe\x00garbage",
        ('name_zh = "方法"\nname_en = "M"\n' + too_many).encode(),
        (head + 'name_zh = ""\nname_en = "A"\n').encode(),
        (head + 'name_zh = "甲"\nname_en = "A"\nitems = [{zh = 1}]\n').encode(),
        b'name_en = "No Chinese name"\n[[phases]]\nkey = "a"\nname_zh = "a"\nname_en = "A"\n',
    ]
    for body in hostile:
        refused = upload(body)
        assert refused.status_code == 400, body[:60]
    with app.app_context():
        assert db.session.scalar(select(db.func.count()).select_from(Method)) == count


def test_a_member_who_directs_nothing_may_not_edit_the_library(app, client, login_as, world):
    login_as("consultant")
    base = f"/methods/{world.method_id}/versions/{world.method_version_id}"
    assert client.get(base).status_code == 200
    for url in (f"{base}/phases/1", f"{base}/publish", f"{base}/phases", "/methods/import", f"{base}/remove"):
        method = client.get if url.endswith("/1") else client.post
        assert method(url).status_code == 403, url


def test_a_project_from_the_library_exports_and_imports_without_its_link(ctx, world):
    method = db.session.scalar(select(Method).where(Method.key == "saas_quickstart"))
    version = methods.latest(method)
    from crm_rollout.auth.models import User
    from crm_rollout.projects import service as projects

    made = projects.create_project(creator=db.session.get(User, world.users["director"]), name="Quick", company="A",
                                   template=methods.template_of(version), method_version_id=version.id)  # fmt: skip
    db.session.commit()
    copy_id = backup.import_project(backup.export_project(made.id), copy=True)
    copy = db.session.get(Project, copy_id)
    assert copy.method_version_id is None and copy.methodology_version == "saas_quickstart v1"
    assert len(phases.summaries(copy_id)) == 5


def test_the_next_wave_of_a_programme_keeps_the_method_version_of_the_earlier(ctx, world):
    from crm_rollout.auth.models import User
    from crm_rollout.programmes import service as programmes
    from crm_rollout.projects import service as projects

    version = methods.latest(db.session.scalar(select(Method).where(Method.key == "saas_quickstart")))
    director = db.session.get(User, world.users["director"])
    first = projects.create_project(
        creator=director, name="HQ", company="A", template=methods.template_of(version), method_version_id=version.id
    )
    programmes.create_programme(first, name="Group", company="A")
    wave, _carried = programmes.start_wave(
        first, creator=director, name="Region", scope="", start_date=None, target_golive_date=None
    )
    assert wave.method_version_id == version.id
    assert [s.phase.key for s in phases.summaries(wave.id)] == [s.phase.key for s in phases.summaries(first.id)]
    assert len(phases.summaries(wave.id)) == 5


def test_a_running_project_takes_over_chosen_changes_of_a_newer_version(app, client, login_as, world):
    """The world's project predates the library: it compares with the full method's versions."""
    with app.app_context():
        from crm_rollout.auth.models import User

        draft = db.session.get(MethodVersion, world.method_version_id)
        content = {"phases": [dict(p) for p in draft.content["phases"]]}
        first = content["phases"][0]
        first["name_en"] = "Preparation and approval"
        first["items"] = [*first["items"], {"zh": "确认预算", "en": "Confirm the budget", "mandatory": True}]
        first["deliverables"] = [*first["deliverables"], {"zh": "预算批复", "en": "Budget approval"}]
        content["phases"][1]["items"] = [
            *content["phases"][1]["items"],
            {"zh": "新项", "en": "Not wanted", "mandatory": False},
        ]
        content["phases"].append(
            {**content["phases"][-1], "key": "hypercare", "name_en": "Hypercare", "name_zh": "上线支持"}
        )
        draft.content = content
        methods.publish(draft, expected_version=draft.version, user_id=world.users["director"], note="Budget first")
        db.session.commit()
        before = len(phases.project_items(world.project_id))
        assert db.session.get(User, world.users["director"])
    login_as("director")
    url = f"/projects/{world.project_id}/method"
    page = client.get(url).get_data(as_text=True)
    assert "Confirm the budget" in page and "Not wanted" in page and "Hypercare" in page
    assert "Preparation and approval" in page
    token = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', page).group(1)
    with app.app_context():
        project_version = db.session.get(Project, world.project_id).version
    chosen = ["wording:preparation", "item:preparation:7", "deliverable:preparation:3", "new_phase:hypercare"]
    form = {"csrf_token": token, "version": str(project_version), "change": chosen}
    assert client.post(url, data=form).status_code == 302
    assert client.post(url, data=form).status_code == 302  # stale: refused, nothing written twice
    with app.app_context():
        project = db.session.get(Project, world.project_id)
        summaries = phases.summaries(project.id)
        assert summaries[0].phase.name_en == "Preparation and approval" and len(summaries) == 9
        items = phases.project_items(project.id)
        assert len(items) == before + 1
        added = [i for i in items if i.title_en == "Confirm the budget"]
        assert len(added) == 1 and added[0].mandatory and added[0].status == "open"
        assert "Not wanted" not in {i.title_en for i in items}
        assert project.method_version_id == world.method_version_id
    assert "Confirm the budget" not in client.get(url).get_data(as_text=True)  # nothing newer now
    client.post("/logout")
    login_as("consultant")
    assert client.get(url).status_code == 403


def test_the_team_rules_weights_and_risk_catalogue_of_a_method_reach_its_new_projects(app, client, login_as, world):
    login_as("director")
    base = f"/methods/{world.method_id}/versions/{world.method_version_id}"
    rules_url = f"{base}/rules"
    page = client.get(rules_url).get_data(as_text=True)
    token = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', page).group(1)
    numbers = dict(re.findall(r'name="((?:rule|weight)-[^"]+)"[^>]*value="([^"]*)"', page))
    draft = _version(app, world.method_version_id)
    form = numbers | {"csrf_token": token, "version": str(draft.version), "tiers": ["core"]}
    refused = client.post(rules_url, data=form | {"rule-core_min_size": "20", "weight-golive_readiness-data": "x"})
    assert refused.status_code == 400
    assert "The maximum is below the minimum." in refused.get_data(as_text=True)
    saved = client.post(rules_url, data=form | {"rule-core_min_size": "6", "weight-golive_readiness-data": "3"})
    assert saved.status_code == 302
    risks_url = f"{base}/risks"
    draft = _version(app, world.method_version_id)
    lines = (
        "sponsorship | leadership | 高层支持不够 | Too little sponsorship\n"
        "vendor_lock | vendor | 供应商锁定 | Locked in by the vendor | 保留数据导出 | Keep a data export\n"
    )
    bad = client.post(risks_url, data={"csrf_token": token, "version": str(draft.version), "lines": "only | two"})
    assert bad.status_code == 400 and "Line 1" in bad.get_data(as_text=True)
    good = client.post(risks_url, data={"csrf_token": token, "version": str(draft.version), "lines": lines})
    assert good.status_code == 302
    with app.app_context():
        from crm_rollout.auth.models import User
        from crm_rollout.projects import service as projects
        from crm_rollout.readiness import service as readiness
        from crm_rollout.risks import service as risks

        version = db.session.get(MethodVersion, world.method_version_id)
        methods.publish(version, expected_version=version.version, user_id=world.users["director"], note="Lean")
        director = db.session.get(User, world.users["director"])
        made = projects.create_project(
            creator=director,
            name="Lean",
            company="A",
            template=methods.template_of(version),
            method_version_id=version.id,
        )
        assert made.team_rules["core_min_size"] == 6 and made.team_rules["consultancy_tiers"] == ["core"]
        proposed = {r.source_key: r for r in risks.risks(made.id)}
        assert set(proposed) == {"sponsorship", "vendor_lock"}
        assert (
            proposed["vendor_lock"].category == "other" and "Keep a data export" in proposed["vendor_lock"].mitigation
        )
        assert "总经理担任" in proposed["sponsorship"].mitigation  # kept by its key from the catalogue
        assessment = readiness.create_assessment(
            made.id,
            questionnaire_key="golive_readiness",
            title="",
            held_on=date(2026, 5, 1),
        )
        weights = {d["key"]: d["weight"] for d in assessment.questionnaire["dimensions"]}
        assert weights["data"] == 3 and weights["system"] == 1
        before = readiness.create_assessment(
            world.project_id,
            questionnaire_key="golive_readiness",
            title="",
            held_on=date(2026, 5, 1),
        )
        assert {d["weight"] for d in before.questionnaire["dimensions"]} == {1}  # the older project keeps its own


def test_the_kpi_starter_set_and_gate_thresholds_of_a_method_reach_its_projects(app, client, login_as, world):
    login_as("director")
    base = f"/methods/{world.method_id}/versions/{world.method_version_id}"
    token = _csrf(client, f"{base}/kpis")
    draft = _version(app, world.method_version_id)
    lines = "线索转化率 | Lead conversion | % | leading | broad | higher\n"
    refused = client.post(
        f"{base}/kpis",
        data={
            "csrf_token": token,
            "version": str(draft.version),
            "lines": lines + "x | y | % | sideways | broad | higher",
        },
    )
    assert refused.status_code == 400
    assert (
        client.post(
            f"{base}/kpis", data={"csrf_token": token, "version": str(draft.version), "lines": lines}
        ).status_code
        == 302
    )
    page = client.get(f"{base}/rules").get_data(as_text=True)
    numbers = dict(re.findall(r'name="((?:rule|weight|threshold)-[^"]+)"[^>]*value="([^"]*)"', page))
    draft = _version(app, world.method_version_id)
    form = numbers | {"csrf_token": token, "version": str(draft.version), "tiers": ["core"]}
    assert client.post(f"{base}/rules", data=form | {"threshold-golive_readiness": "9"}).status_code == 400
    assert client.post(f"{base}/rules", data=form | {"threshold-golive_readiness": "4"}).status_code == 302
    with app.app_context():
        from crm_rollout.auth.models import User
        from crm_rollout.projects import service as projects

        version = db.session.get(MethodVersion, world.method_version_id)
        methods.publish(version, expected_version=version.version, user_id=world.users["director"], note="KPIs")
        director = db.session.get(User, world.users["director"])
        template = methods.template_of(version)
        made = projects.create_project(
            creator=director, name="K", company="A", template=template, method_version_id=version.id
        )
        assert made.readiness_thresholds == {"golive_readiness": 4.0}
        db.session.commit()
        made_id = made.id
    scorecard = client.get(f"/projects/{made_id}/scorecard/").get_data(as_text=True)
    assert "Lead conversion" in scorecard and "Repeat purchase rate" not in scorecard
    prefilled = client.get(f"/projects/{made_id}/scorecard/?starter=0").get_data(as_text=True)
    assert 'value="线索转化率 · Lead conversion"' in prefilled and '<details class="reveal" open>' in prefilled
    old = client.get(f"/projects/{world.project_id}/scorecard/").get_data(as_text=True)
    assert "Customer satisfaction" in old  # a project from before the library gets the full method's set
    assert "Repeat purchase rate</a>" not in old  # the world's project has defined it already


def test_an_item_of_the_method_falls_due_in_its_phase_and_goes_to_the_first_member_of_its_role(ctx, world):
    from crm_rollout.auth.models import User
    from crm_rollout.methods import content as contents
    from crm_rollout.projects import service as projects
    from tests.factories import make_user

    lines = "* 签字 | Sign | +10 | @director\n读 | Read | @consultant\n坏 | Bad | soon\n差 | Worse | @boss"
    items, problems = contents.parse_lines(lines, marks_mandatory=True)
    assert [p.split(":")[0] for p in problems] == ["Line 3", "Line 4"]
    assert items == [
        {"zh": "签字", "en": "Sign", "mandatory": True, "due_days": 10, "owner_role": "director"},
        {"zh": "读", "en": "Read", "mandatory": False, "owner_role": "consultant"},
    ]
    assert contents.parse_lines(contents.item_lines(items), marks_mandatory=True) == (items, [])
    draft = db.session.get(MethodVersion, world.method_version_id)
    first, *rest = draft.content["phases"]
    draft.content = {**draft.content, "phases": [{**first, "items": items}, *rest]}
    methods.publish(draft, expected_version=draft.version, user_id=world.users["director"], note="Owners")
    director = db.session.get(User, world.users["director"])
    made = projects.create_project(
        creator=director, name="D", company="A", start_date=date(2026, 3, 2), target_golive_date=date(2026, 12, 1),
        template=methods.template_of(draft), method_version_id=draft.id,
    )  # fmt: skip
    phase = phases.summaries(made.id)[0].phase
    signed, read = phases.phase_items(phase.id)
    assert signed.due_date == phase.planned_start + timedelta(days=10) and read.due_date is None
    assert signed.owner_id == director.id and read.owner_id is None  # no consultant yet
    projects.add_member(made, login="consultant", role="consultant")
    make_user("second")
    projects.add_member(made, login="second", role="consultant")
    db.session.refresh(read)
    assert read.owner_id == world.users["consultant"]  # the first consultant, not the second


def test_a_phase_dropped_on_another_takes_its_place(app, client, login_as, world):
    """What the page's drag and drop sends: the move form with the number of the phase it was dropped on."""
    login_as("director")
    base = f"/methods/{world.method_id}/versions/{world.method_version_id}"
    token = _csrf(client, base)
    draft = _version(app, world.method_version_id)
    keys = [p["key"] for p in draft.content["phases"]]
    moved = client.post(f"{base}/phases/5/move", data={"csrf_token": token, "version": str(draft.version), "to": "2"})
    assert moved.status_code == 302
    after = [p["key"] for p in _version(app, world.method_version_id).content["phases"]]
    assert after == [keys[0], keys[4], keys[1], keys[2], keys[3], *keys[5:]]
    stale = client.post(f"{base}/phases/1/move", data={"csrf_token": token, "version": str(draft.version), "to": "3"})
    assert stale.status_code == 302
    assert [p["key"] for p in _version(app, world.method_version_id).content["phases"]] == after  # refused: stale
    page = client.get(base).get_data(as_text=True)
    assert 'draggable="true" data-drag-phase="1"' in page and "data-move" in page


def test_a_questionnaire_worded_by_the_method_is_what_its_projects_assessments_ask(app, client, login_as, world):
    login_as("director")
    url = f"/methods/{world.method_id}/versions/{world.method_version_id}/questionnaires/golive_readiness"
    page = client.get(url).get_data(as_text=True)
    token = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', page).group(1)
    lines = re.search(r'<textarea[^>]*name="lines"[^>]*>\s*(.*?)</textarea>', page, re.S).group(1)
    first = lines.strip().splitlines()[0]
    draft = _version(app, world.method_version_id)
    form = {"csrf_token": token, "version": str(draft.version)}
    bad = client.post(url, data=form | {"lines": first + "\n | nowhere | 哪里 | Nowhere"})
    assert bad.status_code == 400
    good = client.post(
        url, data=form | {"lines": first + "\n | data | 客户主数据已去重 | Customer master data deduplicated"}
    )
    assert good.status_code == 302
    with app.app_context():
        from crm_rollout.auth.models import User
        from crm_rollout.projects import service as projects
        from crm_rollout.readiness import service as readiness

        version = db.session.get(MethodVersion, world.method_version_id)
        methods.publish(version, expected_version=version.version, user_id=world.users["director"], note="Data")
        template = methods.template_of(version)
        made = projects.create_project(
            creator=db.session.get(User, world.users["director"]), name="Q", company="A", template=template,
            method_version_id=version.id,
        )  # fmt: skip
        held = readiness.create_assessment(
            made.id, questionnaire_key="golive_readiness", title="", held_on=date(2026, 5, 1)
        )
        items = held.questionnaire["items"]
        assert [i["text_en"] for i in items][1:] == ["Customer master data deduplicated"] and len(items) == 2
        assert items[0]["guidance_en"]  # the kept item keeps its guidance
        legacy = readiness.create_assessment(
            world.project_id, questionnaire_key="golive_readiness", title="", held_on=date(2026, 5, 1)
        )
        assert len(legacy.questionnaire["items"]) > 2
    assert client.get(url.replace("golive_readiness", "nonsense")).status_code == 404


def test_the_built_in_methods_are_kept_the_first_time_a_page_offers_them(app):
    """On an empty library the new-project page offers version ids; they must still exist when it posts back,
    whichever server answers and whatever else the request does not commit."""
    with app.app_context():
        offered = methods.choices()
        db.session.rollback()  # what the end of a GET does with anything left uncommitted
        db.session.remove()
    with app.app_context():
        kept = db.session.scalars(select(MethodVersion.id).order_by(MethodVersion.id)).all()  # before any new read
        assert sorted(version_id for version_id, _label in offered) == kept
