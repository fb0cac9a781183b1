"""The consolidated workbook of a period for a unit, written in constant memory.

One sheet per form filled in the unit's subtree: the total, then every unit down the tree
(indented) with the figures of its approved reports, groups summed or weighted as the catalog
says; then a progress sheet. Rows are streamed to XlsxWriter's constant-memory mode.
"""

from __future__ import annotations

from collections import defaultdict
from decimal import Decimal
from typing import IO, NamedTuple

from sqlalchemy import or_, select

from thongke.catalog.grid import header_rows
from thongke.catalog.model import FormDef, Section
from thongke.catalog.store import form_def
from thongke.clock import format_date, format_datetime, to_local, utcnow
from thongke.exports.report_xlsx import write_section_header
from thongke.exports.sheet import Plan, Writer
from thongke.extensions import db
from thongke.models import LEVELS, Form, Period, Report, ReportValue, Unit
from thongke.progress import Timing, local_date
from thongke.values import from_storage
from thongke.workflow import DA_GUI, STATES


class Node(NamedTuple):
    id: int
    parent_id: int | None
    name: str
    level: str


class Tree:
    """The active units of a subtree as light tuples, with children by parent, in one query.

    Tuples rather than ORM objects keep a national tree (10,000 units) small in memory.
    """

    def __init__(self, root: Unit):
        self.path = root.path
        self.root = Node(root.id, root.parent_id, root.name, root.level)
        rows = db.session.execute(
            select(Unit.id, Unit.parent_id, Unit.name, Unit.level).where(
                Unit.path.startswith(root.path, autoescape=True), Unit.active
            )
        ).all()
        self.children: dict[int, list[Node]] = defaultdict(list)
        for row in sorted(rows, key=lambda r: r.name):
            if row.id != root.id:
                self.children[row.parent_id].append(Node(*row))

    def walk(self, unit: Node | None = None, depth: int = 0):
        """Yield (unit, depth) depth-first, the root first."""
        unit = unit or self.root
        yield unit, depth
        for child in self.children.get(unit.id, []):
            yield from self.walk(child, depth + 1)


def _stored(period: Period, form: Form, tree: Tree, definition: FormDef) -> dict:
    """Stored figures of the form's reports in the subtree (approved ones, and the root's own)
    as {unit id: {(section, row): [value by column]}}: lists, to stay small at national scale."""
    index = {(s.key, leaf.key): i for s in definition.sections for i, leaf in enumerate(s.leaves)}
    widths = {s.key: len(s.leaves) for s in definition.sections}
    rows = db.session.execute(
        select(
            Report.unit_id,
            ReportValue.section,
            ReportValue.row,
            ReportValue.column,
            ReportValue.value,
        )
        .join(ReportValue, ReportValue.report_id == Report.id)
        .join(Unit, Unit.id == Report.unit_id)
        .where(
            Report.period_id == period.id,
            Report.form_id == form.id,
            Unit.path.startswith(tree.path, autoescape=True),
            or_(Report.status == DA_GUI, Report.unit_id == tree.root.id),
        )
        .execution_options(yield_per=5000)  # in batches, not every row at once
    )
    figures: dict[int, dict[tuple[str, str], list]] = defaultdict(dict)
    for unit_id, section, row, column, value in rows:
        position = index.get((section, column))
        if position is None:
            continue
        line = figures[unit_id].get((section, row))
        if line is None:
            line = figures[unit_id][(section, row)] = [None] * widths[section]
        line[position] = value
    return figures


def _line_keys(section: Section) -> list[tuple[str, str]]:
    rows = [(r.key, r.label) for r in section.rows] if section.rows else [("total", "")]
    return rows


def _aggregate(section: Section, lines: list[list | None]) -> list:
    """Sum each column over the units' lines, or weigh it where the catalog says so."""
    lines = [line for line in lines if line is not None]
    position = {leaf.key: i for i, leaf in enumerate(section.leaves)}
    out = []
    for i, leaf in enumerate(section.leaves):
        present = [line for line in lines if line[i] is not None]
        if not present:
            out.append(None)
            continue
        if leaf.weighted_by:
            w = position[leaf.weighted_by]
            weight = sum(line[w] or 0 for line in present)
            value = None
            if weight:
                average = Decimal(sum(line[i] * (line[w] or 0) for line in present)) / weight
                value = from_storage(leaf, int(average.to_integral_value()))
        else:
            value = from_storage(leaf, sum(line[i] for line in present))
        out.append(float(value) if leaf.decimal and value is not None else value)
    return out


def _form_sheet(writer: Writer, period: Period, form: Form, tree: Tree) -> None:
    definition: FormDef = form_def(form)
    width = 1 + max(len(s.leaves) for s in definition.sections)
    stored = _stored(period, form, tree, definition)
    fillers = {u.id for u, _ in tree.walk() if u.level == form.filled_by}
    # Which units have fillers at or below them: those get a row.
    below: dict[int, list[int]] = {}
    for unit, _ in reversed(list(tree.walk())):
        ids = [unit.id] if unit.id in fillers else []
        for child in tree.children.get(unit.id, []):
            ids += below.get(child.id, [])
        below[unit.id] = ids
    plan = Plan(widths={0: 45, **{c: 13 for c in range(1, width)}})
    plan.merge(0, 0, 0, width - 1, f"Đơn vị tổng hợp: {tree.root.name}", "bold")
    plan.merge(1, 0, 1, width - 1, f"Biểu số: {definition.code} – {definition.title}", "bold")
    plan.merge(
        2,
        0,
        2,
        width - 1,
        f"{period.name} (từ ngày {format_date(period.start_date)} "
        f"đến ngày {format_date(period.end_date)}). Số liệu từ các báo cáo đã gửi "
        "cấp trên.",
        "italic",
    )
    first = definition.sections[0]
    header_top = 4 + bool(first.title)
    data_top = header_top + len(header_rows(first)) + 1
    plan.freeze, plan.repeat_rows = (data_top, 1), (header_top, data_top - 1)
    sheet = writer.sheet(form.code.split("/")[0], plan)
    row = 4
    # Each section's header, then its rows, strictly downwards: constant memory needs it.
    for section in definition.sections:
        part = Plan()
        if section.title:
            part.merge(row, 0, row, width - 1, section.title, "bold")
            row += 1
        header_start = row
        row = write_section_header(part, section, row)
        part.put(header_start, 0, "Đơn vị", "head")
        writer.write_plan(sheet, part)
        for key, label in _line_keys(section):
            name = "Tổng cộng" + (f" – {label}" if label and label != "Tổng số" else "")
            values = _aggregate(
                section, [stored.get(i, {}).get((section.key, key)) for i in below[tree.root.id]]
            )
            writer.write_row(sheet, row, _cells(name, values, section, total=True))
            row += 1
        for unit, depth in tree.walk():
            if not depth or not below[unit.id]:
                continue  # the root's figures are the "Tổng cộng" line above
            for key, label in _line_keys(section):
                values = _aggregate(
                    section, [stored.get(i, {}).get((section.key, key)) for i in below[unit.id]]
                )
                name = unit.name + (f" – {label}" if len(section.rows) > 1 else "")
                writer.write_row(sheet, row, _cells(name, values, section, depth=depth))
                row += 1
        row += 1


def _cells(name: str, values: list, section: Section, *, total=False, depth=0):
    label = "label_total" if total else (f"label_{min(depth, 3)}" if depth else "label")
    cells = [(0, (name, label))]
    for col, (leaf, value) in enumerate(zip(section.leaves, values, strict=True), start=1):
        kind = "dec" if leaf.decimal else "int"
        cells.append((col, (value, f"{kind}_total" if total else kind)))
    return cells


def _progress_sheet(writer: Writer, period: Period, tree: Tree, forms: list[Form]) -> None:
    today = to_local(utcnow()).date()
    plan = Plan(widths={0: 45, 1: 16, **{c: 16 for c in range(2, 2 + 3 * len(forms))}})
    plan.merge(0, 0, 0, 1 + 3 * len(forms), f"Tiến độ: {period.name} – {tree.root.name}", "bold")
    plan.merge(2, 0, 3, 0, "Đơn vị", "head")
    plan.merge(2, 1, 3, 1, "Cấp", "head")
    for index, form in enumerate(forms):
        col = 2 + 3 * index
        plan.merge(2, col, 2, col + 2, form.code, "head")
        for offset, label in enumerate(("Trạng thái", "Ngày gửi", "Đúng hạn/trễ hạn")):
            plan.put(3, col + offset, label, "head")
    plan.freeze = (4, 1)
    sheet = writer.sheet("Tiến độ", plan)
    # Plain columns, not report objects: one query however many units there are.
    reports = {
        (unit_id, form_id): (status, approved_at)
        for unit_id, form_id, status, approved_at in db.session.execute(
            select(Report.unit_id, Report.form_id, Report.status, Report.approved_at)
            .join(Unit, Unit.id == Report.unit_id)
            .where(Report.period_id == period.id, Unit.path.startswith(tree.path, autoescape=True))
        )
    }
    row = 4
    for unit, depth in tree.walk():
        if not any(unit.level == f.filled_by for f in forms):
            continue
        cells = [
            (0, (unit.name, f"label_{min(depth, 3)}" if depth else "label")),
            (1, (LEVELS.get(unit.level, unit.level), "cell")),
        ]
        for index, form in enumerate(forms):
            col, found = 2 + 3 * index, reports.get((unit.id, form.id))
            if found is None:
                cells += [(col, ("", "cell")), (col + 1, ("", "cell")), (col + 2, ("", "cell"))]
                continue
            status, approved_at = found
            sent = local_date(approved_at) if status == DA_GUI else None
            when = Timing(period.deadline_for(unit.level), sent, today)
            cells += [
                (col, (STATES[status], "cell")),
                (col + 1, (format_datetime(approved_at) if sent else "", "cell")),
                (col + 2, (when.label, "cell")),
            ]
        writer.write_row(sheet, row, cells)
        row += 1


def consolidated_workbook(period: Period, root: Unit, target: IO[bytes]) -> None:
    """Write the workbook of `period` for `root` and everything below it into `target`."""
    tree = Tree(root)
    levels = {u.level for u, _ in tree.walk()}
    forms = [f for f in period.forms if f.filled_by in levels]
    writer = Writer(target, constant_memory=True)
    for form in forms:
        _form_sheet(writer, period, form, tree)
    _progress_sheet(writer, period, tree, forms)
    writer.close()
