"""E-mail: written in the recipient's language when queued, sent later by the worker, retried until the
server takes it.

The queue is the `outgoing_mails` table, in the same database and transaction as the change, so it needs no
other server and loses nothing: a mail is queued with its change or not at all. Sending goes through
Flask-Mail.
"""

import logging
import smtplib
import socket
from contextlib import contextmanager
from contextvars import ContextVar
from datetime import timedelta
from email.utils import make_msgid

from flask import current_app, render_template
from flask_babel import force_locale
from flask_mail import Mail, Message
from sqlalchemy import select, update

from crm_rollout.core.db import utcnow
from crm_rollout.core.extensions import db
from crm_rollout.core.web import base_url
from crm_rollout.notifications.models import OutgoingMail
from crm_rollout.notifications.words import link_of, sentence_of

log = logging.getLogger(__name__)

mailer = Mail()
# A mail being sent is set aside this long; a worker that dies meanwhile leaves it to be tried again.
LEASE = timedelta(minutes=10)
RETRY_CAP = timedelta(hours=1)
SMTP_TIMEOUT_SECONDS = 30


_quiet: ContextVar[bool] = ContextVar("quiet_mail", default=False)


def enabled() -> bool:
    return bool(current_app.config.get("MAIL_SERVER")) and not _quiet.get()


@contextmanager
def suppressed():
    """Inside, notifications reach the inbox only: the demo's history mails nobody."""
    token = _quiet.set(True)
    try:
        yield
    finally:
        _quiet.reset(token)


def _locale(user) -> str:
    return user.locale or current_app.config["BABEL_DEFAULT_LOCALE"]


def queue_for(notification, user) -> OutgoingMail:
    """Queue (or, within a burst, rewrite) the mail of one notification; it leaves after the burst window."""
    with in_locale_of(user):
        sentence = sentence_of(notification)
        link = link_of(notification, external=True)
        names = {"sentence": sentence, "link": link, "project": notification.project.name, "user": user}
        subject = f"[{notification.project.name}] {sentence}"[:300]
        text = render_template("notifications/mail.txt", **names)
        html = render_template("notifications/mail.html", **names)
    mail = db.session.scalar(
        select(OutgoingMail).where(OutgoingMail.notification_id == notification.id, OutgoingMail.sent_at.is_(None))
    )
    if mail is None:
        mail = OutgoingMail(user_id=user.id, notification_id=notification.id, message_id=make_msgid("crm-rollout"))
        db.session.add(mail)
    mail.subject, mail.text, mail.html = subject, text, html
    mail.to_address = user.email
    mail.due_at = utcnow() + timedelta(seconds=current_app.config["NOTIFY_BURST_SECONDS"])
    db.session.flush()
    return mail


def queue_digest(user, *, subject: str, text: str, html: str) -> OutgoingMail:
    mail = OutgoingMail(
        user_id=user.id,
        to_address=user.email,
        subject=subject[:300],
        text=text,
        html=html,
        message_id=make_msgid("crm-rollout"),
    )
    db.session.add(mail)
    db.session.flush()
    return mail


@contextmanager
def in_locale_of(user):
    """Render for a person outside their own request: in their language, with links to BASE_URL."""
    with current_app.test_request_context(base_url=base_url()), force_locale(_locale(user)):
        yield


# --- The worker ---------------------------------------------------------------------------------------


def deliver_due(limit: int = 200) -> tuple[int, int]:
    """Send what is due, once; returns (sent, failed). A failure is tried again later, backing off."""
    sent = failed = 0
    due = db.session.execute(
        select(OutgoingMail.id, OutgoingMail.due_at)
        .where(OutgoingMail.sent_at.is_(None), OutgoingMail.due_at <= utcnow())
        .order_by(OutgoingMail.due_at, OutgoingMail.id)
        .limit(limit)
    ).all()
    db.session.commit()
    for mail_id, due_at in due:
        mail = _claim(mail_id, due_at)
        if mail is None:
            continue  # another worker has it
        try:
            _send(mail)
        except (smtplib.SMTPException, OSError) as error:
            _failed(mail, error)
            failed += 1
        else:
            mail.sent_at = utcnow()
            db.session.commit()
            sent += 1
    return sent, failed


def _claim(mail_id: int, due_at) -> OutgoingMail | None:
    """Set the mail aside for this worker: only one worker's update matches the due time it read."""
    taken = db.session.execute(
        update(OutgoingMail)
        .where(OutgoingMail.id == mail_id, OutgoingMail.due_at == due_at, OutgoingMail.sent_at.is_(None))
        .values(due_at=utcnow() + LEASE)
    ).rowcount
    db.session.commit()
    return db.session.get(OutgoingMail, mail_id) if taken else None


def _send(mail: OutgoingMail) -> None:
    message = Message(
        subject=mail.subject,
        recipients=[mail.to_address],
        body=mail.text,
        html=mail.html,
        sender=current_app.config["MAIL_DEFAULT_SENDER"],
    )
    message.msgId = mail.message_id  # the same on a retry, so a mail sent twice reads as one
    previous = socket.getdefaulttimeout()
    socket.setdefaulttimeout(SMTP_TIMEOUT_SECONDS)  # a server that hangs must not stall the worker
    try:
        mailer.send(message)
    finally:
        socket.setdefaulttimeout(previous)


def _failed(mail: OutgoingMail, error: Exception) -> None:
    mail.attempts += 1
    mail.last_error = f"{type(error).__name__}: {error}"[:300]
    mail.due_at = utcnow() + min(timedelta(seconds=30 * 2 ** min(mail.attempts, 12)), RETRY_CAP)
    db.session.commit()
    log.warning("mail %s to %s not sent (attempt %d): %s", mail.id, mail.to_address, mail.attempts, error)
