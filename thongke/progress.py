"""What each role has to do, and how far the children are: the home page and progress board."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import or_, select

from thongke.clock import to_local
from thongke.extensions import db
from thongke.models import Account, Form, Period, Report, Unit
from thongke.workflow import CHO_KIEM_TRA, CHO_PHE_DUYET, DA_GUI, DANG_NHAP, STATES


def local_date(moment) -> date | None:
    local = to_local(moment)
    return local.date() if local else None


@dataclass
class Timing:
    deadline: date | None
    sent: date | None
    today: date

    @property
    def late(self) -> bool:
        return bool(self.deadline and self.sent and self.sent > self.deadline)

    @property
    def overdue(self) -> bool:
        return bool(self.deadline and not self.sent and self.today > self.deadline)

    @property
    def days_left(self) -> int | None:
        return (self.deadline - self.today).days if self.deadline and not self.sent else None

    @property
    def label(self) -> str:
        if self.deadline is None:
            return ""
        if self.sent:
            return "Trễ hạn" if self.late else "Đúng hạn"
        if self.overdue:
            return f"Quá hạn {-self.days_left} ngày"
        return "Hết hạn hôm nay" if self.days_left == 0 else f"Còn {self.days_left} ngày"


def timing(report: Report, today: date) -> Timing:
    sent = local_date(report.approved_at) if report.status == DA_GUI else None
    return Timing(report.period.deadline_for(report.unit.level), sent, today)


def _behalf_units(actor: Account):
    return select(Unit.id).where(Unit.parent_id == actor.unit_id, Unit.not_using_software)


def _open_reports(*conditions):
    return list(
        db.session.scalars(
            select(Report)
            .join(Period)
            .join(Unit, Unit.id == Report.unit_id)
            .join(Form)
            .where(Period.status == "open", *conditions)
            .order_by(Period.year.desc(), Unit.name, Form.position)
        )
    )


def my_tasks(actor: Account) -> dict[str, list[Report]]:
    """Return the reports waiting for this person, by kind of task."""
    own_or_behalf = or_(Report.unit_id == actor.unit_id, Report.unit_id.in_(_behalf_units(actor)))
    tasks: dict[str, list[Report]] = {"fill": [], "check": [], "approve": []}
    if actor.role == "bc":
        tasks["fill"] = _open_reports(own_or_behalf, Report.status == DANG_NHAP)
    if actor.role == "kt":
        tasks["check"] = _open_reports(
            Report.unit_id == actor.unit_id, Report.status == CHO_KIEM_TRA
        )
    if actor.role == "ld":
        tasks["approve"] = _open_reports(own_or_behalf, Report.status == CHO_PHE_DUYET)
    return tasks


@dataclass
class PeriodDeadline:
    period: Period
    timing: Timing


def open_periods(actor: Account, today: date) -> list[PeriodDeadline]:
    """List the open periods with this unit's deadline and days left."""
    periods = db.session.scalars(
        select(Period).where(Period.status == "open").order_by(Period.year.desc(), Period.kind)
    )
    return [
        PeriodDeadline(p, Timing(p.deadline_for(actor.unit.level), None, today)) for p in periods
    ]


@dataclass
class Board:
    period: Period
    unit: Unit
    children: list[Unit]
    forms: list[Form]
    cells: dict[tuple[int, int], Report]
    today: date
    counts: dict[str, int] = field(default_factory=dict)
    late: int = 0
    overdue: int = 0
    parents: set[int] = field(default_factory=set)  # children that have children of their own

    def cell(self, unit: Unit, form: Form) -> Report | None:
        return self.cells.get((unit.id, form.id))

    def has_children(self, unit: Unit) -> bool:
        return unit.id in self.parents


def progress_board(period: Period, unit: Unit, today: date) -> Board:
    """Lay out children × forms × status for one period, in three queries."""
    children = list(
        db.session.scalars(
            select(Unit)
            .where(Unit.parent_id == unit.id, Unit.active)
            .order_by(Unit.level, Unit.name)
        )
    )
    levels = {c.level for c in children}
    forms = [f for f in period.forms if f.filled_by in levels]
    reports = db.session.scalars(
        select(Report).where(
            Report.period_id == period.id, Report.unit_id.in_([c.id for c in children])
        )
    )
    cells = {(r.unit_id, r.form_id): r for r in reports}
    board = Board(period, unit, children, forms, cells, today)
    board.parents = set(
        db.session.scalars(
            select(Unit.parent_id)
            .where(Unit.parent_id.in_([c.id for c in children]), Unit.active)
            .distinct()
        )
    )
    board.counts = {state: 0 for state in STATES}
    for report in cells.values():
        if report.form in forms:
            board.counts[report.status] += 1
            when = timing(report, today)
            board.late += when.late
            board.overdue += when.overdue
    return board


def children_summary(actor: Account, today: date) -> list[tuple[Period, list]]:
    """For each open period: per form the children fill, how many have sent it."""
    result = []
    for entry in open_periods(actor, today):
        board = progress_board(entry.period, actor.unit, today)
        if not board.children:
            continue
        rows = []
        for form in board.forms:
            expected = [c for c in board.children if c.level == form.filled_by]
            sent = sum(
                1 for c in expected if (r := board.cell(c, form)) is not None and r.status == DA_GUI
            )
            rows.append((form, sent, len(expected)))
        result.append((entry.period, rows))
    return result
