"""Reporting periods: open one, and make its reports for every unit that fills its forms."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import select

from thongke.catalog.definition import PERIOD_KINDS
from thongke.errors import ValidationFailed
from thongke.extensions import db
from thongke.models import Form, Period, Report, Unit
from thongke.scope import require_admin

# Every kind covers part of one calendar year (design §4).
PERIOD_SPAN = {"6T": ((1, 1), (6, 30)), "NAM": ((1, 1), (12, 31)), "NAM_CT": ((1, 1), (12, 31))}


def add_period(kind: str, year: int, forms: list[Form], *, now: datetime) -> Period:
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
    (m1, d1), (m2, d2) = PERIOD_SPAN[kind]
    period = Period(
        kind=kind,
        year=year,
        status="open",
        start_date=date(year, m1, d1),
        end_date=date(year, m2, d2),
        opened_at=now,
        forms=list(forms),
    )
    db.session.add(period)
    db.session.flush()
    ensure_reports(period, now=now)
    return period


def open_period(actor, kind: str, year: int, forms: list[Form], *, now: datetime) -> Period:
    """Open a period collecting `forms` (administrators only)."""
    require_admin(actor)
    return add_period(kind, year, forms, now=now)


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
