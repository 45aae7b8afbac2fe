"""Registers written back from the workbooks they export, after a person edited them: a preview line by line,
nothing written until every line can be, edits made in the app since the export never overwritten, and
the files Chinese Excel and WPS save (Chinese headers, CSV in GB18030, dates typed by hand) understood."""

import csv
import io
import re
import zipfile
from datetime import date, timedelta

from openpyxl import Workbook, load_workbook

from crm_rollout.auth.models import User
from crm_rollout.core import sheet_imports
from crm_rollout.core.extensions import db
from crm_rollout.phases.models import ChecklistItem
from crm_rollout.risks.models import Risk
from crm_rollout.scorecard.models import Kpi
from crm_rollout.team.models import Person
from tests.api.conftest import bearer  # noqa: F401  (a fixture)


def _book(client, project_id: int, key: str):
    response = client.get(f"/projects/{project_id}/{key}/export.xlsx")
    assert response.status_code == 200
    return load_workbook(io.BytesIO(response.data))


def _saved(book) -> bytes:
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _column(page, header: str) -> int:
    return [cell.value for cell in page[1]].index(header) + 1


def _line_of(page, row_id: int) -> int:
    return next(row[0].row for row in page.iter_rows(min_row=2) if row[0].value == row_id)


def _csrf(client, url: str) -> str:
    return re.search(r'name="csrf_token"[^>]*value="([^"]+)"', client.get(url).get_data(as_text=True)).group(1)


def _preview(client, project_id: int, key: str, data: bytes, name: str = "edited.xlsx"):
    url = f"/projects/{project_id}/{key}/import"
    form = {"csrf_token": _csrf(client, url), "file": (io.BytesIO(data), name)}
    return client.post(url, data=form, content_type="multipart/form-data")


def _apply(client, project_id: int, key: str, preview) -> object:
    page = preview.get_data(as_text=True)
    action = re.search(rf'action="(/projects/{project_id}/{key}/import/[^"]+)"', page).group(1)
    return client.post(action, data={"csrf_token": _csrf(client, f"/projects/{project_id}/{key}/import")})


def _risks(app, project_id: int) -> dict[int, Risk]:
    with app.app_context():
        rows = db.session.scalars(db.select(Risk).where(Risk.project_id == project_id)).all()
        db.session.expunge_all()
        return {risk.id: risk for risk in rows}


def test_an_edited_export_is_previewed_then_written(app, login_as, world):
    client = login_as("consultant")
    before = _risks(app, world.project_id)
    book = _book(client, world.project_id, "risks")
    page = book.active
    line = _line_of(page, world.risk_id)
    page.cell(line, _column(page, "Title")).value = "数据迁移延期 Data migration late"
    page.cell(line, _column(page, "Impact")).value = 5
    new = page.max_row + 1
    page.cell(new, _column(page, "Title")).value = "关键用户流失 Key users leave"
    page.cell(new, _column(page, "Probability")).value = "2"
    page.cell(new, _column(page, "Impact")).value = 4.0
    page.cell(new, _column(page, "Review date")).value = "2027年1月15日"
    preview = _preview(client, world.project_id, "risks", _saved(book))
    assert preview.status_code == 200
    text = preview.get_data(as_text=True)
    assert "数据迁移延期 Data migration late" in text and "关键用户流失 Key users leave" in text
    assert _risks(app, world.project_id).keys() == before.keys()  # a preview writes nothing
    assert _risks(app, world.project_id)[world.risk_id].title == before[world.risk_id].title

    assert _apply(client, world.project_id, "risks", preview).status_code == 302
    after = _risks(app, world.project_id)
    assert after[world.risk_id].title == "数据迁移延期 Data migration late" and after[world.risk_id].impact == 5
    (added,) = [risk for risk_id, risk in after.items() if risk_id not in before]
    assert (added.title, added.probability, added.impact) == ("关键用户流失 Key users leave", 2, 4)
    assert added.review_date == date(2027, 1, 15)
    twice = _preview(client, world.project_id, "risks", _saved(book)).get_data(as_text=True)
    assert f"Row {added.id} has the same name" in twice  # the same file again would add the risk a second time
    again = _apply(client, world.project_id, "risks", preview)  # the confirmation is used once
    assert again.status_code == 302 and len(_risks(app, world.project_id)) == len(after)


def test_one_refused_line_keeps_the_whole_file_out(app, login_as, world):
    client = login_as("consultant")
    before = _risks(app, world.project_id)
    book = _book(client, world.project_id, "risks")
    page = book.active
    page.cell(_line_of(page, world.risk_id), _column(page, "Title")).value = "A good change"
    bad = page.max_row + 1
    page.cell(bad, _column(page, "Title")).value = "Scored out of range"
    page.cell(bad, _column(page, "Probability")).value = 9
    page.cell(bad + 1, _column(page, "Title")).value = "Not a date"
    page.cell(bad + 1, _column(page, "Review date")).value = "next Tuesday"
    page.cell(bad + 2, _column(page, "ID")).value = 999_999
    page.cell(bad + 2, _column(page, "Title")).value = "Someone else's row"
    preview = _preview(client, world.project_id, "risks", _saved(book))
    text = preview.get_data(as_text=True)
    assert "next Tuesday" in text and "999999" in text
    assert "/risks/import/" not in text  # no way to confirm a file with refused lines
    assert _risks(app, world.project_id)[world.risk_id].title == before[world.risk_id].title
    assert _risks(app, world.project_id).keys() == before.keys()


def test_an_edit_made_in_the_app_since_the_export_is_not_overwritten(app, login_as, world):
    client = login_as("consultant")
    book = _book(client, world.project_id, "risks")
    with app.app_context():
        risk = db.session.get(Risk, world.risk_id)
        risk.mitigation = "Agreed in the meeting"
        db.session.commit()
    page = book.active
    page.cell(_line_of(page, world.risk_id), _column(page, "Mitigation")).value = "What the file says"
    text = _preview(client, world.project_id, "risks", _saved(book)).get_data(as_text=True)
    assert "export again" in text
    assert _risks(app, world.project_id)[world.risk_id].mitigation == "Agreed in the meeting"


def test_what_a_chinese_excel_saves_as_csv_is_understood(app, login_as, world):
    with app.app_context():
        db.session.get(User, world.users["director"]).locale = "zh"
        db.session.commit()
    client = login_as("director")
    page = _book(client, world.project_id, "checklist").active
    header = [cell.value for cell in page[1]]
    assert "负责人" in header or "责任人" in header or header[0] == "ID"
    rows = [[cell.value for cell in row] for row in page.iter_rows(min_row=2)]
    line = next(row for row in rows if row[0] == world.item_id)
    line[header.index("状态")] = "进行中"
    added = [None] * len(header)
    added[header.index("阶段")] = 2
    added[header.index("标题（中文）")] = "补充客户主数据清洗规则"
    added[header.index("截止日期")] = "2027/3/1"
    added[header.index("必选")] = "是"
    buffer = io.StringIO()
    csv.writer(buffer).writerows([["" if v is None else str(v) for v in row] for row in [header, line, added]])
    data = buffer.getvalue().encode("gb18030")
    preview = _preview(client, world.project_id, "checklist", data, "清单.csv")
    assert preview.status_code == 200, preview.get_data(as_text=True)[:2000]
    assert "/checklist/import/" in preview.get_data(as_text=True)
    assert _apply(client, world.project_id, "checklist", preview).status_code == 302
    with app.app_context():
        assert db.session.get(ChecklistItem, world.item_id).status == "in_progress"
        new = db.session.scalar(db.select(ChecklistItem).where(ChecklistItem.title_zh == "补充客户主数据清洗规则"))
        assert (new.phase.number, new.due_date, new.mandatory) == (2, date(2027, 3, 1), True)


def test_people_and_measurements_come_in_by_name(app, login_as, world):
    with app.app_context():
        kpi = db.session.get(Kpi, world.kpi_id)
        kpi_name = kpi.name
    client = login_as("director")
    book = _book(client, world.project_id, "team")
    page = book.active
    new = page.max_row + 1
    for header, value in {
        "Name": "孙丽 Sun Li",
        "Tier": "Project director & implementation team",
        "Position": "Implementation team member",
    }.items():
        page.cell(new, _column(page, header)).value = value
    page.cell(new, _column(page, "Time on the project (%)")).value = 50
    preview = _preview(client, world.project_id, "team", _saved(book))
    assert "/team/import/" in preview.get_data(as_text=True), preview.get_data(as_text=True)[-3000:]
    _apply(client, world.project_id, "team", preview)
    with app.app_context():
        person = db.session.scalar(db.select(Person).where(Person.name == "孙丽 Sun Li"))
        assert (person.tier, person.allocation_percent, person.user_id) == ("core", 50, None)

    book = Workbook()
    book.active.append(["KPI", "Date measured", "Value", "Note"])
    book.active.append([kpi_name, date(2026, 12, 1), 38, "first"])
    book.active.append([kpi_name, date(2026, 12, 1), 39, "a second line of one day replaces the first"])
    client.post("/logout")
    client = login_as("consultant")
    _apply(client, world.project_id, "measurements", _preview(client, world.project_id, "measurements", _saved(book)))
    with app.app_context():
        values = [(m.measured_on, m.value) for m in db.session.get(Kpi, world.kpi_id).measurements]
    assert values == [(date(2026, 12, 1), 39.0)]


def test_who_may_import_and_what_the_api_answers(app, client, login_as, world, bearer):  # noqa: F811
    book = Workbook()
    book.active.append(["Title", "Probability", "Impact"])
    book.active.append(["From the API", 3, 3])
    book.active.append(["Refused", 7, 3])
    data = _saved(book)
    url = f"/api/v1/projects/{world.project_id}/risks/import"
    viewer = client.post(url, headers=bearer("viewer"), data={"file": (io.BytesIO(data), "r.xlsx")})
    assert viewer.status_code == 403
    before = _risks(app, world.project_id)
    answer = client.post(url, headers=bearer("consultant"), data={"file": (io.BytesIO(data), "r.xlsx")})
    assert answer.status_code == 422
    assert "line 3" in answer.get_json()["fields"]
    report = answer.get_json()["report"]
    assert (report["applied"], report["counts"]["added"], report["counts"]["refused"]) == (False, 1, 1)
    assert report["lines"][1]["line"] == 3 and report["lines"][1]["reasons"]
    assert _risks(app, world.project_id).keys() == before.keys()
    book.active.delete_rows(3)
    dry = client.post(
        url + "?dry_run=1", headers=bearer("consultant"), data={"file": (io.BytesIO(_saved(book)), "r.xlsx")}
    )
    assert dry.status_code == 200 and dry.get_json()["counts"]["added"] == 1
    assert _risks(app, world.project_id).keys() == before.keys()
    done = client.post(url, headers=bearer("consultant"), data={"file": (io.BytesIO(_saved(book)), "r.xlsx")})
    assert done.status_code == 200 and done.get_json()["applied"] is True
    assert len(_risks(app, world.project_id)) == len(before) + 1
    garbage = client.post(
        url, headers=bearer("consultant"), data={"file": (io.BytesIO(b"PK\x03\x04nonsense"), "x.xlsx")}
    )
    assert garbage.status_code == 422 and garbage.get_json()["fields"]["file"]
    picture = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x00\x00\x00\x00:~\x9bU\x00"
    bomb = io.BytesIO()
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/worksheets/sheet1.xml", b"0" * (sheet_imports.MAX_UNPACKED + 1))
    too_long = ("Title\n" + "A risk\n" * (sheet_imports.MAX_LINES + 1)).encode()
    for hostile in (picture, b"", b"a\rb\x00c", bomb.getvalue(), too_long):
        answer = client.post(url, headers=bearer("consultant"), data={"file": (io.BytesIO(hostile), "x.png")})
        assert answer.status_code == 422 and answer.get_json()["message"]
    login_as("viewer")
    assert client.get(f"/projects/{world.project_id}/risks/import").status_code == 403


def test_a_preview_expires_and_expired_files_are_not_kept(app, login_as, world):
    client = login_as("consultant")
    book = _book(client, world.project_id, "risks")
    book.active.cell(book.active.max_row + 1, _column(book.active, "Title")).value = "Waited too long"
    preview = _preview(client, world.project_id, "risks", _saved(book))
    with app.app_context():
        db.session.execute(
            db.update(sheet_imports.PendingImport).values(created_at=sheet_imports.utcnow() - timedelta(hours=3))
        )
        db.session.commit()
    before = _risks(app, world.project_id)
    answer = _apply(client, world.project_id, "risks", preview)
    assert answer.status_code == 302 and answer.location.endswith("/risks/import")
    assert _risks(app, world.project_id).keys() == before.keys()
    _preview(client, world.project_id, "risks", _saved(book))  # any new preview clears the expired files
    with app.app_context():
        assert db.session.scalar(db.select(db.func.count()).select_from(sheet_imports.PendingImport)) == 1
