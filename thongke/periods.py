"""Reporting periods: open one, and make its reports for every unit that fills its forms."""

from __future__ import annotations

import json
from datetime import date, datetime

from sqlalchemy import select
from sqlalchemy.orm import aliased

from thongke.catalog.model import FILLING_LEVELS, PERIOD_KINDS
from thongke.catalog.store import SEED_CATALOG
from thongke.errors import ValidationFailed
from thongke.extensions import db
from thongke.models import Form, Period, Report, Unit
from thongke.models.audit import record
from thongke.scope import require_admin

# Every kind covers part of one calendar year (design §4).
PERIOD_SPAN = {"6T": ((1, 1), (6, 30)), "NAM": ((1, 1), (12, 31)), "NAM_CT": ((1, 1), (12, 31))}


def default_deadlines(kind: str, year: int) -> dict[str, date]:
    """Return the catalog's default deadline of each sender level for a period.

    The catalog writes them as "dd/mm", or "dd/mm+1" for the following year.
    """
    table = json.loads(SEED_CATALOG.read_text(encoding="utf-8")).get("deadlines", {})
    result = {}
    for level in FILLING_LEVELS:
        text = table.get(level, {}).get(kind)
        if text:
            day_month, _, plus = text.partition("+")
            day, month = (int(part) for part in day_month.split("/"))
            result[level] = date(year + int(plus or 0), month, day)
    return result


def propose_forms(kind: str) -> list[Form]:
    """Return the catalog's forms that fit a period kind and today's tree of units.

    A form fits when some active unit that fills it sends its reports to a unit of the level the
    form goes to: so 01a (communes straight to the Sở) is left out of a three-level province.
    """
    parent = aliased(Unit)
    fitting = []
    for form in db.session.scalars(select(Form).order_by(Form.position)):
        if kind not in form.definition.get("periods", []):
            continue
        senders = select(Unit.id).where(Unit.level == form.filled_by, Unit.active)
        if form.sent_to == "bo":
            senders = senders.where(Unit.parent_id.is_(None))
        else:
            senders = senders.join(parent, parent.id == Unit.parent_id).where(
                parent.level == form.sent_to
            )
        if db.session.scalar(senders.limit(1)) is not None:
            fitting.append(form)
    return fitting


def _clean_deadlines(deadlines: dict) -> dict[str, str]:
    clean = {}
    for level, day in (deadlines or {}).items():
        if level not in FILLING_LEVELS:
            raise ValidationFailed(f"Cấp đơn vị “{level}” không hợp lệ.", "deadlines")
        if day is None or day == "":
            continue
        if not isinstance(day, date):
            raise ValidationFailed("Hạn gửi phải là một ngày (dd/mm/yyyy).", "deadlines")
        clean[level] = day.isoformat()
    return clean


def add_period(
    kind: str, year: int, forms: list[Form], *, now: datetime, deadlines: dict | None = None
) -> Period:
    """Create a period without the administrator check: for `open_period` and the seed."""
    if kind not in PERIOD_KINDS:
        raise ValidationFailed("Loại kỳ báo cáo không hợp lệ (6T, NAM hoặc NAM_CT).", "kind")
    if not isinstance(year, int) or not 2000 <= year <= 2100:
        raise ValidationFailed("Năm báo cáo phải từ 2000 đến 2100.", "year")
    if db.session.scalar(select(Period.id).where(Period.kind == kind, Period.year == year)):
        raise ValidationFailed(f"Kỳ {PERIOD_KINDS[kind]} {year} đã có.", "year")
    unsuitable = [f.code for f in forms if kind not in f.definition.get("periods", [])]
    if unsuitable:
        raise ValidationFailed(
            "Các biểu không thu ở loại kỳ này: " + ", ".join(unsuitable) + ".", "forms"
        )
    if not forms:
        raise ValidationFailed("Hãy chọn ít nhất một biểu mẫu cho kỳ báo cáo.", "forms")
    chosen = default_deadlines(kind, year)
    chosen.update(deadlines or {})
    (m1, d1), (m2, d2) = PERIOD_SPAN[kind]
    period = Period(
        kind=kind,
        year=year,
        status="open",
        start_date=date(year, m1, d1),
        end_date=date(year, m2, d2),
        opened_at=now,
        forms=list(forms),
        deadlines=_clean_deadlines(chosen),
    )
    db.session.add(period)
    db.session.flush()
    ensure_reports(period, now=now)
    return period


def open_period(
    actor, kind: str, year: int, forms: list[Form], *, now: datetime, deadlines: dict | None = None
) -> Period:
    """Open a period collecting `forms` (administrators only)."""
    require_admin(actor)
    period = add_period(kind, year, forms, now=now, deadlines=deadlines)
    record(
        db.session,
        "period_opened",
        at=now,
        username=actor.username,
        actor=actor,
        detail=period.name,
    )
    return period


def set_deadlines(actor, period: Period, deadlines: dict, *, now: datetime) -> None:
    """Replace the period's deadlines by sender level."""
    require_admin(actor)
    period.deadlines = _clean_deadlines(deadlines)
    record(
        db.session,
        "period_updated",
        at=now,
        username=actor.username,
        actor=actor,
        detail=f"{period.name}: hạn gửi "
        + ", ".join(f"{k} {v}" for k, v in sorted(period.deadlines.items())),
    )
    db.session.flush()


def _set_status(actor, period: Period, status: str, event: str, now: datetime) -> None:
    period.status = status
    record(db.session, event, at=now, username=actor.username, actor=actor, detail=period.name)
    db.session.flush()


def close_period(actor, period: Period, *, now: datetime) -> None:
    """Close the period: from now on nobody changes its reports."""
    require_admin(actor)
    if not period.is_open:
        raise ValidationFailed(f"{period.name} đã khóa sổ rồi.")
    _set_status(actor, period, "closed", "period_closed", now)


def reopen_period(actor, period: Period, *, now: datetime) -> None:
    """Open a closed period again."""
    require_admin(actor)
    if period.is_open:
        raise ValidationFailed(f"{period.name} đang mở.")
    _set_status(actor, period, "open", "period_reopened", now)


def ensure_reports(period: Period, *, now: datetime) -> int:
    """Create the missing reports of the period for active units; return how many."""
    existing = set(
        db.session.execute(
            select(Report.unit_id, Report.form_id).where(Report.period_id == period.id)
        ).all()
    )
    created = 0
    for form in period.forms:
        unit_ids = db.session.scalars(
            select(Unit.id).where(Unit.level == form.filled_by, Unit.active)
        )
        for unit_id in unit_ids:
            if (unit_id, form.id) not in existing:
                db.session.add(
                    Report(
                        unit_id=unit_id,
                        form_id=form.id,
                        period_id=period.id,
                        status="dang_nhap",
                        note="",
                        created_at=now,
                    )
                )
                created += 1
    db.session.flush()
    return created
