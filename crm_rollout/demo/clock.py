"""When the demo's history happened: its steps are recorded at moments in the months the project has run."""

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from crm_rollout.core.db import today

OFFICE = ZoneInfo("Asia/Shanghai")  # the demo company's office


def on(day: date, hour: int = 10, minute: int = 0) -> datetime:
    """A moment in the office's hours on `day`; a day not yet come is yesterday (history is never ahead)."""
    day = min(day, today() - timedelta(days=1))
    return datetime.combine(day, time(hour, minute), tzinfo=OFFICE).astimezone(UTC)
