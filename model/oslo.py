"""Norwegian time: moments are stored in UTC (SQLite keeps no zone) and shown in Europe/Oslo."""

from __future__ import annotations

from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

OSLO = ZoneInfo("Europe/Oslo")


def in_oslo(moment: datetime | None) -> datetime | None:
    """A stored moment in Norwegian time; a moment without a zone is UTC (we always write UTC)."""
    if moment is None:
        return None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(OSLO)


def oslo_iso(moment: datetime | None) -> str | None:
    """``2025-09-12T14:05:00+02:00``, or None."""
    shown = in_oslo(moment)
    return shown.isoformat(timespec="seconds") if shown else None


def today_oslo() -> date:
    """Today's date in Norway."""
    return datetime.now(OSLO).date()
