"""A committee meeting as a calendar event: the invitation on its page and its entry in people's feeds."""

from flask import url_for

from crm_rollout.core.calendar import Entry, local_time
from crm_rollout.core.i18n import gettext as _


def meeting_entry(meeting, project_name: str) -> Entry:
    url = url_for("steering.meeting", project_id=meeting.project_id, meeting_id=meeting.id, _external=True)
    return Entry(
        "meetings",
        meeting.id,
        f"{meeting.title} · {project_name}",
        meeting.meeting_date,
        at=local_time(meeting.meeting_date, meeting.start_time) if meeting.start_time else None,
        location=meeting.location or meeting.call_link,
        description="\n".join(filter(None, [_("Steering committee meeting"), meeting.call_link, url])),
        url=url,
        changed=meeting.updated_at,
    )
