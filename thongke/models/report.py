"""Periods, reports (unit × form × period), their cell values and their history."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import (
    JSON,
    BigInteger,
    Column,
    Date,
    DateTime,
    ForeignKey,
    Integer,
    String,
    Table,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from thongke.catalog.model import PERIOD_KINDS
from thongke.extensions import db
from thongke.models.account import Account
from thongke.models.catalog import Form
from thongke.models.unit import Unit

period_form = Table(
    "period_form",
    db.metadata,
    Column("period_id", ForeignKey("period.id"), primary_key=True),
    Column("form_id", ForeignKey("form.id"), primary_key=True),
)


class Period(db.Model):
    """A reporting period: a kind and a year, open or closed, collecting some forms."""

    __tablename__ = "period"
    __table_args__ = (UniqueConstraint("kind", "year"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(10))
    year: Mapped[int] = mapped_column(Integer)
    status: Mapped[str] = mapped_column(String(10), default="open")  # open | closed
    start_date: Mapped[date] = mapped_column(Date)
    end_date: Mapped[date] = mapped_column(Date)
    opened_at: Mapped[datetime] = mapped_column(DateTime)
    # Day by which the receiving unit must have the report, by sender level: {"xa": "2020-01-20"}.
    deadlines: Mapped[dict] = mapped_column(JSON, default=dict)

    forms: Mapped[list[Form]] = relationship(secondary=period_form, order_by=Form.position)

    @property
    def name(self) -> str:
        kind = {"6T": "6 tháng", "NAM": "năm (lần 1)", "NAM_CT": "năm chính thức"}[self.kind]
        return f"Kỳ báo cáo {kind} {self.year}"

    @property
    def kind_label(self) -> str:
        return PERIOD_KINDS[self.kind]

    @property
    def is_open(self) -> bool:
        return self.status == "open"

    def deadline_for(self, level: str) -> date | None:
        text = (self.deadlines or {}).get(level)
        return date.fromisoformat(text) if text else None

    def __str__(self) -> str:
        return self.name


class Report(db.Model):
    """One unit's report of one form for one period; `version` guards against lost updates."""

    __tablename__ = "report"
    __table_args__ = (UniqueConstraint("unit_id", "form_id", "period_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    unit_id: Mapped[int] = mapped_column(ForeignKey("unit.id"), index=True)
    form_id: Mapped[int] = mapped_column(ForeignKey("form.id"), index=True)
    period_id: Mapped[int] = mapped_column(ForeignKey("period.id"), index=True)
    status: Mapped[str] = mapped_column(String(20), default="dang_nhap", index=True)
    note: Mapped[str] = mapped_column(Text, default="")
    version: Mapped[int] = mapped_column(Integer, default=1)
    created_at: Mapped[datetime] = mapped_column(DateTime)
    updated_at: Mapped[datetime | None] = mapped_column(DateTime)
    updated_by_id: Mapped[int | None] = mapped_column(ForeignKey("account.id"))
    # The reason of the last return, shown to the unit until it submits again.
    return_reason: Mapped[str | None] = mapped_column(Text)
    returned_at: Mapped[datetime | None] = mapped_column(DateTime)
    # Signatories, by name as they were when they acted (người lập, người kiểm tra, thủ trưởng).
    submitted_by_name: Mapped[str | None] = mapped_column(String(150))
    submitted_at: Mapped[datetime | None] = mapped_column(DateTime)
    checked_by_name: Mapped[str | None] = mapped_column(String(150))
    checked_at: Mapped[datetime | None] = mapped_column(DateTime)
    approved_by_name: Mapped[str | None] = mapped_column(String(150))
    approved_at: Mapped[datetime | None] = mapped_column(DateTime)
    # When the figures of sections built from children were last frozen into report_value.
    consolidated_at: Mapped[datetime | None] = mapped_column(DateTime)

    unit: Mapped[Unit] = relationship()
    form: Mapped[Form] = relationship()
    period: Mapped[Period] = relationship()
    updated_by: Mapped[Account | None] = relationship()

    # SQLAlchemy adds "AND version = <read version>" to every UPDATE and raises when another
    # writer got there first, so two saves can never both win.
    __mapper_args__ = {"version_id_col": version}


class ReportValue(db.Model):
    """One filled cell. Integers are stored as is; decimal columns as value × 10^4."""

    __tablename__ = "report_value"

    report_id: Mapped[int] = mapped_column(ForeignKey("report.id"), primary_key=True)
    section: Mapped[str] = mapped_column(String(20), primary_key=True)
    row: Mapped[str] = mapped_column(String(40), primary_key=True)
    column: Mapped[str] = mapped_column(String(40), primary_key=True)
    value: Mapped[int] = mapped_column(BigInteger)


class ReportEvent(db.Model):
    """Append-only history of a report: cell changes, note changes and transitions."""

    __tablename__ = "report_event"

    id: Mapped[int] = mapped_column(primary_key=True)
    report_id: Mapped[int] = mapped_column(ForeignKey("report.id"), index=True)
    at: Mapped[datetime] = mapped_column(DateTime)
    kind: Mapped[str] = mapped_column(String(20))  # value | note | a workflow action
    actor_id: Mapped[int] = mapped_column(ForeignKey("account.id"))
    acting_unit_id: Mapped[int] = mapped_column(ForeignKey("unit.id"))
    section: Mapped[str | None] = mapped_column(String(20))
    row: Mapped[str | None] = mapped_column(String(40))
    column: Mapped[str | None] = mapped_column(String(40))
    old: Mapped[str | None] = mapped_column(Text)
    new: Mapped[str | None] = mapped_column(Text)
    reason: Mapped[str | None] = mapped_column(Text)

    actor: Mapped[Account] = relationship()
    acting_unit: Mapped[Unit] = relationship()
