"""The overview's list of the most overdue items: each with its phase's number and its owner's name, the
latest first, and the same statements however many items are late."""

from datetime import date, timedelta

from sqlalchemy import select

from crm_rollout.auth.models import User
from crm_rollout.core.extensions import db
from crm_rollout.phases import changing, service
from crm_rollout.phases.models import ChecklistItem, Phase


def _make_late(app, world, first: int, count: int) -> list[int]:
    """`count` open items of phases 2 and 3 from the `first`, owned by the member, due `first`+1… days ago."""
    with app.app_context():
        items = db.session.scalars(
            select(ChecklistItem)
            .join(Phase)
            .where(ChecklistItem.project_id == world.project_id, Phase.number.in_((2, 3)))
            .order_by(ChecklistItem.id)
            .offset(first)
            .limit(count)
        ).all()
        for days, item in enumerate(items, start=first + 1):
            changes = {"owner": world.users["member"], "due_date": date.today() - timedelta(days=days)}
            changing.update_item(item, expected_version=item.version, changes=changes)
        db.session.commit()
        return [item.id for item in items]


def test_the_overview_lists_the_most_overdue_items_with_phase_and_owner(app, login_as, world, count_queries):
    client = login_as("director")
    overview = f"/projects/{world.project_id}/"
    _make_late(app, world, 0, 3)
    client.get(overview)
    with count_queries() as few_late:
        client.get(overview)
    _make_late(app, world, 3, 9)
    with count_queries() as many_late:
        page = client.get(overview).get_data(as_text=True)
    assert many_late.count == few_late.count
    with app.app_context():
        shown = service.most_overdue_items(world.project_id)
        member = db.session.get(User, world.users["member"]).display_name
        expected = [(item.id, item.phase.number) for item in shown]
    assert len(expected) == 10 and "and 2 more" in page
    table = page.split("<th>Overdue item</th>")[1].split("</tbody>")[0]
    rows = table.split("<tbody>")[1].split("<tr>")[1:]
    for (item_id, number), row in zip(expected, rows, strict=True):
        assert f"/items/{item_id}" in row and f"· {number}</span>" in row and member in row
