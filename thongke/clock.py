"""Time helpers: the database stores naive UTC, people read Vietnam time."""

from datetime import UTC, datetime, timedelta, timezone

VIETNAM_TZ = timezone(timedelta(hours=7), "ICT")


def utcnow() -> datetime:
    """Return the current time as naive UTC, the form every column stores."""
    return datetime.now(UTC).replace(tzinfo=None)


def to_local(moment: datetime | None) -> datetime | None:
    """Convert a naive UTC time to Vietnam time."""
    if moment is None:
        return None
    return moment.replace(tzinfo=UTC).astimezone(VIETNAM_TZ)


def format_datetime(moment: datetime | None) -> str:
    """Format a naive UTC time as dd/mm/yyyy HH:MM in Vietnam time."""
    local = to_local(moment)
    return local.strftime("%d/%m/%Y %H:%M") if local else ""


def format_date(moment) -> str:
    """Format a date as dd/mm/yyyy."""
    return moment.strftime("%d/%m/%Y") if moment else ""
