"""iCalendar (RFC 5545) documents through the `icalendar` library: a feed of dates, or one invitation.

Each event has a UID made from what it is (table and id) and the server's address, so a calendar that reads
the feed again moves an event that changed instead of adding another.
"""

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

from flask import Response, current_app
from icalendar import Calendar, Event

from crm_rollout.core.db import utcnow

MEETING_LENGTH = timedelta(hours=2)


@dataclass(frozen=True)
class Entry:
    kind: str  # what it is: a table name
    id: int
    summary: str
    day: date
    at: datetime | None = None  # a time of day makes a timed event; without it the event lasts the day
    length: timedelta = MEETING_LENGTH
    description: str = ""
    location: str = ""
    url: str = ""
    changed: datetime | None = None


def document(name: str, entries: list[Entry], *, host: str) -> bytes:
    calendar = Calendar()
    calendar.add("prodid", "-//CRM Rollout//crm_rollout//EN")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", name)
    for entry in entries:
        calendar.add_component(_event(entry, host))
    return calendar.to_ical()


def _event(entry: Entry, host: str) -> Event:
    event = Event()
    event.add("uid", f"{entry.kind}-{entry.id}@{urlsplit(host).hostname or 'crm-rollout'}")
    event.add("summary", entry.summary)
    event.add("dtstamp", utcnow())
    if entry.changed is not None:
        event.add("last-modified", entry.changed)
    if entry.at is not None:
        event.add("dtstart", entry.at)
        event.add("dtend", entry.at + entry.length)
    else:
        event.add("dtstart", entry.day)
        event.add("dtend", entry.day + timedelta(days=1))
    for name, value in (("description", entry.description), ("location", entry.location), ("url", entry.url)):
        if value:
            event.add(name, value)
    return event


def local_time(day: date, clock) -> datetime:
    """A day and a time of day in the office's time zone (BABEL_DEFAULT_TIMEZONE)."""
    zone = ZoneInfo(current_app.config["BABEL_DEFAULT_TIMEZONE"])
    return datetime.combine(day, clock, tzinfo=zone)


def response(body: bytes, filename: str) -> Response:
    return Response(
        body,
        mimetype="text/calendar",
        headers={
            "Content-Disposition": f'attachment; filename="{filename}"',
            "Cache-Control": "private, no-cache",
        },
    )
