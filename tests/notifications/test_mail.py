"""E-mail through a real SMTP server on localhost: the right person, language and link; a server that is down
loses nothing and sends nothing twice; the daily digest goes once a day."""

from datetime import date, timedelta

from click.testing import CliRunner
from sqlalchemy import func, select, update

from crm_rollout.auth import service as accounts
from crm_rollout.cli import remind_command, send_notifications_command
from crm_rollout.core.audit import acting_as
from crm_rollout.core.db import utcnow
from crm_rollout.core.extensions import db
from crm_rollout.demo.seed import seed_demo
from crm_rollout.notifications.mail import _claim, deliver_due
from crm_rollout.notifications.models import Notification, OutgoingMail
from crm_rollout.phases import changing
from crm_rollout.phases import service as phases
from crm_rollout.phases.models import ChecklistItem
from crm_rollout.portfolio.reminders import digest_for, send_digests
from crm_rollout.steering import service as steering


def _give(item_id, owner_id, actor_id, **more):
    item = db.session.get(ChecklistItem, item_id)
    with acting_as(db.session, actor_id):
        changing.update_item(item, expected_version=item.version, changes={"owner": owner_id, **more})
    db.session.commit()
    return item


def _bring_due():
    """As if the back-off time had passed."""
    db.session.execute(update(OutgoingMail).where(OutgoingMail.sent_at.is_(None)).values(due_at=utcnow()))
    db.session.commit()


def _text(message) -> str:
    return message.get_body(("plain",)).get_content()


def test_mail_reaches_the_owner_in_their_language_with_a_link_into_the_app(app, world, smtp, mail_to):
    mail_to(smtp.port)
    with app.app_context():
        consultant = db.session.get(accounts.User, world.users["consultant"])
        consultant.locale = "zh"
        db.session.commit()
        item = _give(world.item_id, world.users["consultant"], world.users["director"])
        title = item.title_zh or item.title_en
        assert deliver_due()[0] >= 1
    mails = [(to, m) for to, m in smtp.received if "指派给您" in m["Subject"]]
    assert len(mails) == 1
    [(recipients, message)] = mails
    assert recipients == ["consultant@example.com"]
    assert title in message["Subject"]
    assert f"https://crm.example.com/projects/{world.project_id}/items/{world.item_id}" in _text(message)
    assert message.get_body(("html",)) is not None
    assert message["From"] == "rollout@example.com"


def test_a_mail_server_that_is_down_delays_mail_but_loses_and_doubles_none(app, world, smtp, mail_to):
    mail_to(smtp.port)
    with app.app_context():
        deliver_due()  # what the world's making queued (the committee's review requests ...)
        before = len(smtp.received)
        smtp.stop()
        _give(world.item_id, world.users["consultant"], world.users["director"])
        second = phases.project_items(world.project_id)[1]
        _give(second.id, world.users["member"], world.users["director"])
        sent, failed = deliver_due()
        assert (sent, failed) == (0, 2)
        waiting = db.session.scalars(select(OutgoingMail).where(OutgoingMail.sent_at.is_(None))).all()
        assert [m.attempts for m in waiting] == [1, 1]
        assert all(m.due_at > utcnow() and "Error" in m.last_error for m in waiting)
        assert deliver_due() == (0, 0)  # backing off: not tried again at once

        smtp.start()
        _bring_due()
        assert deliver_due() == (2, 0)
        _bring_due()
        assert deliver_due() == (0, 0)
    arrived = smtp.received[before:]
    assert sorted(to[0] for to, _m in arrived) == ["consultant@example.com", "member@example.com"]
    assert len({m["Message-ID"] for _to, m in arrived}) == 2


def test_a_worker_that_dies_after_taking_a_mail_leaves_it_for_later_with_the_same_message_id(app, world, smtp, mail_to):
    mail_to(smtp.port)
    with app.app_context():
        deliver_due()
        _give(world.item_id, world.users["consultant"], world.users["director"])
        mail = db.session.scalars(select(OutgoingMail).where(OutgoingMail.sent_at.is_(None))).one()
        mail_id, message_id, due_at = mail.id, mail.message_id, mail.due_at
        assert _claim(mail_id, due_at) is not None  # taken ... and the worker dies here
        assert _claim(mail_id, due_at) is None  # a second worker that read the same due time cannot take it
        assert deliver_due() == (0, 0)  # nor is it sent while the lease runs
        _bring_due()  # the lease ran out
        assert deliver_due() == (1, 0)
    assert smtp.received[-1][1]["Message-ID"] == message_id


def test_without_a_mail_server_only_the_inbox_is_used(app, world):
    with app.app_context():
        _give(world.item_id, world.users["consultant"], world.users["director"])
        assert db.session.scalars(select(OutgoingMail)).all() == []
    result = CliRunner().invoke(send_notifications_command, obj=_script_info(app))
    assert result.exit_code != 0 and "MAIL_SERVER is not set" in result.output


def test_the_daily_digest_goes_once_a_day_with_what_is_overdue(app, world, smtp, mail_to):
    mail_to(smtp.port)
    with app.app_context():
        deliver_due()
        before = len(smtp.received)
        _give(
            world.item_id, world.users["consultant"], world.users["director"], due_date=date.today() - timedelta(days=2)
        )
        deliver_due()  # the assignment itself
        assert send_digests() >= 1
        assert send_digests() == 0  # run again the same day: nobody gets a second
        deliver_due()
    digests = [(to, m) for to, m in smtp.received[before:] if "digest" in m["Subject"]]
    consultant = [m for to, m in digests if to == ["consultant@example.com"]]
    assert len(consultant) == 1
    body = _text(consultant[0])
    item_title = "Overdue or due soon"
    assert item_title in body and "overdue" in body
    assert len({tuple(to) for to, _m in digests}) == len(digests)


def test_the_commands_send_and_remind(app, world, smtp, mail_to):
    mail_to(smtp.port)
    runner = CliRunner()
    info = _script_info(app)
    remind = runner.invoke(remind_command, obj=info)
    assert remind.exit_code == 0 and "digests queued" in remind.output
    sent = runner.invoke(send_notifications_command, obj=info)
    assert sent.exit_code == 0 and "sent" in sent.output
    assert smtp.received


def _script_info(app):
    from flask.cli import ScriptInfo

    return ScriptInfo(create_app=lambda: app)


def test_the_digest_names_tomorrows_meeting_to_the_committee_only(app, world, smtp, mail_to):
    mail_to(smtp.port)
    with app.app_context():
        tomorrow = date.today() + timedelta(days=1)
        steering.create_meeting(world.project_id, title="Go-live readiness", meeting_date=tomorrow)
        db.session.commit()
        assert [m.title for m in digest_for(world.users["steering"], date.today()).meetings] == ["Go-live readiness"]
        assert digest_for(world.users["member"], date.today()).meetings == []


def test_the_demo_history_mails_nobody(app, smtp, mail_to):
    mail_to(smtp.port)
    with app.app_context():
        assert seed_demo()
        db.session.commit()
        assert db.session.scalar(select(func.count(Notification.id))) > 0
        assert db.session.scalars(select(OutgoingMail)).all() == []
