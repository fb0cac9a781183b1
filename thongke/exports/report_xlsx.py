"""One report as an XLSX in the printed layout, or as a blank template to fill offline."""

from __future__ import annotations

import io

from thongke.aggregation import frozen_figures, live_figures
from thongke.catalog.grid import header_rows
from thongke.catalog.model import FormDef, Section
from thongke.catalog.store import form_def
from thongke.clock import format_date, to_local, utcnow
from thongke.exports.sheet import Plan, Writer
from thongke.models import Report
from thongke.reports import stored_values
from thongke.workflow import STATES

DEFAULT_SIGNATORIES = ["Người lập biểu", "Người kiểm tra biểu", "Thủ trưởng đơn vị"]
META_SHEET = "_thongtin"


def period_line(report: Report) -> str:
    period = report.period
    return (
        f"Kỳ báo cáo: {period.name} (Từ ngày {format_date(period.start_date)} đến ngày "
        f"{format_date(period.end_date)})"
    )


def write_heading(plan: Plan, report: Report, definition: FormDef, width: int) -> int:
    """Write the printed form's top lines; return the next free row."""
    mid = max(1, width // 2)
    receiver = report.unit.parent.name if report.unit.parent else "Bộ Tư pháp"
    deadline = report.period.deadline_for(report.unit.level)
    plan.merge(0, 0, 0, mid - 1, f"Đơn vị báo cáo: {report.unit.name}", "bold")
    plan.merge(1, 0, 1, mid - 1, f"Đơn vị nhận báo cáo: {receiver}", "bold")
    plan.merge(0, mid, 0, width - 1, f"Biểu số: {definition.code}", "center_bold")
    plan.merge(1, mid, 1, width - 1, f"Ban hành theo {definition.circular}", "center")
    plan.merge(
        2,
        mid,
        2,
        width - 1,
        f"Ngày nhận báo cáo: {format_date(deadline) if deadline else '…'}",
        "center",
    )
    plan.merge(4, 0, 4, width - 1, definition.title.upper(), "title")
    plan.heights[4] = 36
    plan.merge(5, 0, 5, width - 1, period_line(report), "center")
    return 7


def write_section_header(plan: Plan, section: Section, row: int) -> int:
    """Write the merged header and the column-code row; return the first data row."""
    header = header_rows(section)
    depth = len(header)
    plan.merge(row, 0, row + depth - 1, 0, "Chỉ tiêu", "head")
    for level, cells in enumerate(header):
        col = 1
        for cell in cells:
            while plan.rows.get(row + level, {}).get(col):  # taken by a cell from above
                col += 1
            label = (
                f"{cell.label} ({cell.leaf.unit})" if cell.leaf and cell.leaf.unit else cell.label
            )
            plan.merge(
                row + level,
                col,
                row + level + cell.rowspan - 1,
                col + cell.colspan - 1,
                label,
                "head",
            )
            col += cell.colspan
    codes = row + depth
    plan.put(codes, 0, "A", "code")
    for index, leaf in enumerate(section.leaves, start=1):
        plan.put(codes, index, leaf.code, "code")
    return codes + 1


def section_rows(report: Report, section: Section, values: dict) -> list[tuple[str, str, bool]]:
    """Return (row key, label, is total) for a section, children first for aggregates."""
    if not section.from_children:
        return [(row.key, row.label, row.key == "total") for row in section.rows]
    figures = live_figures(report, section)
    shown = frozen_figures(report, section) if report.consolidated_at else figures.rows
    for row, columns in shown.items():
        for key, value in columns.items():
            values[(section.key, row, key)] = value
    rows = [(f"u{u.id}", u.name, False) for u in figures.children]
    return [*rows, ("total", section.from_children.total_label, True)]


def write_signatures(plan: Plan, report: Report, definition: FormDef, row: int, width: int) -> int:
    labels = definition.signatories or DEFAULT_SIGNATORIES
    names = [report.submitted_by_name, report.checked_by_name, report.approved_by_name]
    if len(labels) == 2:
        names = [report.submitted_by_name, report.approved_by_name]
    signed = to_local(report.approved_at).date() if report.approved_at else None
    day = signed or to_local(utcnow()).date()
    plan.merge(
        row,
        max(0, width - max(3, width // 3)),
        row,
        width - 1,
        f"…, ngày {day.day:02d} tháng {day.month:02d} năm {day.year}",
        "italic",
    )
    row += 1
    span = max(1, width // len(labels))
    for index, (label, name) in enumerate(zip(labels, names, strict=True)):
        first = index * span
        last = width - 1 if index == len(labels) - 1 else first + span - 1
        plan.merge(row, first, row, last, label, "center_bold")
        plan.merge(row + 1, first, row + 1, last, "(Ký, họ tên)", "center")
        plan.merge(row + 4, first, row + 4, last, name or "", "center_bold")
    return row + 5


def report_plan(report: Report, *, template: bool = False):
    """Plan the report's sheet; return the plan and where each input cell is (for import)."""
    definition = form_def(report.form)
    values = stored_values(report, definition)
    width = 1 + max(len(s.leaves) for s in definition.sections)
    plan = Plan(widths={0: 32, **{c: 13 for c in range(1, width)}})
    row = write_heading(plan, report, definition, width)
    if template:
        plan.merge(
            6,
            0,
            6,
            width - 1,
            "Nhập số liệu vào các ô trắng có viền; không sửa các ô "
            "khác, không thêm công thức. Số liệu lưu vào hệ thống khi tải tệp lên.",
            "italic",
        )
        plan.protect = True
    inputs: dict[tuple[str, str, str], tuple[int, int]] = {}
    first_header = row
    for section in definition.sections:
        if section.title:
            plan.merge(row, 0, row, width - 1, section.title, "bold")
            row += 1
        row = write_section_header(plan, section, row)
        if plan.freeze is None:
            plan.freeze = (row, 1)
            plan.repeat_rows = (first_header, row - 1)
        for key, label, total in section_rows(report, section, values):
            plan.put(row, 0, label, "label_total" if total else "label")
            for col, leaf in enumerate(section.leaves, start=1):
                kind = "dec" if leaf.decimal else "int"
                value = values.get((section.key, key, leaf.key))
                shown = float(value) if leaf.decimal and value is not None else value
                editable = template and not section.from_children
                style = f"input_{kind}" if editable else (f"{kind}_total" if total else kind)
                plan.put(row, col, shown, style)
                if editable:
                    inputs[(section.key, key, leaf.key)] = (row, col)
            row += 1
        row += 1
    plan.merge(row, 0, row, width - 1, "Thuyết minh:", "bold")
    plan.merge(row + 1, 0, row + 3, width - 1, "" if template else (report.note or ""), "wrap")
    row += 5
    if not template:
        plan.merge(row, 0, row, width - 1, f"Trạng thái: {STATES[report.status]}", "italic")
        row += 2
        write_signatures(plan, report, definition, row, width)
    return plan, inputs


def template_meta(report: Report) -> list[tuple[str, str]]:
    """The facts an uploaded template must carry to be accepted for this report."""
    return [
        ("report_id", str(report.id)),
        ("form", report.form.code),
        ("unit", report.unit.code),
        ("period", str(report.period_id)),
        ("version", str(report.version)),
    ]


def report_xlsx(report: Report, *, template: bool = False) -> bytes:
    """Build the report (or its blank template) as XLSX bytes."""
    buffer = io.BytesIO()
    writer = Writer(buffer)
    plan, _ = report_plan(report, template=template)
    writer.sheet(report.form.code.split("/")[0], plan)
    if template:
        meta = Plan(widths={0: 14, 1: 40})
        for index, (key, value) in enumerate(template_meta(report)):
            meta.put(index, 0, key)
            meta.put(index, 1, value)
        writer.sheet(META_SHEET, meta, hidden=True)
    writer.close()
    return buffer.getvalue()


def filename(report: Report, suffix: str) -> str:
    """An ASCII file name: form, unit code, period."""
    code = report.form.code.split("/")[0]
    return f"{code}_{report.unit.code}_{report.period.kind}{report.period.year}{suffix}.xlsx"
