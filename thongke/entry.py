"""What the data-entry page shows: each section's header, rows, cells and rule results."""

from __future__ import annotations

from dataclasses import dataclass, field

from thongke.aggregation import ChildFigures, differs, frozen_figures, live_figures, row_key
from thongke.catalog.grid import HeaderCell, header_rows
from thongke.catalog.model import FormDef, Leaf, Section
from thongke.catalog.store import form_def
from thongke.models import Report
from thongke.reports import RuleResult, check_rules, edit_refusal, stored_values
from thongke.transitions import allowed_actions
from thongke.values import format_value


@dataclass
class GridCell:
    name: str  # the input's name: v.<section>.<row>.<column>
    leaf: Leaf
    text: str
    error: str | None = None
    flagged: bool = False  # named by a failing rule


@dataclass
class GridRow:
    key: str
    label: str
    cells: list[GridCell]
    is_total: bool = False
    missing: bool = False  # a child whose report is not approved yet


@dataclass
class GridSection:
    section: Section
    header: list[list[HeaderCell]]
    rows: list[GridRow]
    editable: bool
    figures: ChildFigures | None = None


@dataclass
class EntryPage:
    report: Report
    definition: FormDef
    sections: list[GridSection]
    rule_results: list[RuleResult]
    refusal: str | None
    errors: dict = field(default_factory=dict)
    actions: list[str] = field(default_factory=list)
    stale: bool = False

    @property
    def failing(self) -> list[RuleResult]:
        return [r for r in self.rule_results if not r.passed]

    @property
    def client_rules(self) -> list[dict]:
        """The rules as plain data, so the page re-checks them as figures are typed."""
        return [
            {
                "node": rule.node.to_json(),
                "severity": rule.severity,
                "message": rule.message,
                "sections": [
                    s.key for s in self.definition.rule_sections(rule) if not s.from_children
                ],
            }
            for rule in self.definition.rules
        ]


def _cell(section: Section, row_key: str, leaf: Leaf, values, typed, errors, flagged):
    cell = (section.key, row_key, leaf.key)
    name = "v." + ".".join(cell)
    text = typed[cell] if cell in typed else format_value(values.get(cell))
    return GridCell(name, leaf, text, errors.get(cell), cell in flagged)


def _child_section(report: Report, section: Section, values: dict):
    """Lay out a section built from children: live figures, or the frozen ones once frozen."""
    figures = live_figures(report, section)
    frozen = frozen_figures(report, section) if report.consolidated_at else None
    shown = frozen if frozen is not None else figures.rows
    rows = []
    for child in figures.children:
        key = row_key(child.id)
        columns = shown.get(key, {})
        rows.append(
            GridRow(
                key,
                child.name,
                [
                    GridCell("", leaf, format_value(columns.get(leaf.key)))
                    for leaf in section.leaves
                ],
                missing=child.id not in figures.approved,
            )
        )
    totals = shown.get("total", {})
    rows.append(
        GridRow(
            "total",
            section.from_children.total_label,
            [GridCell("", leaf, format_value(totals.get(leaf.key))) for leaf in section.leaves],
            is_total=True,
        )
    )
    for key, columns in shown.items():
        for column, value in columns.items():
            values[(section.key, key, column)] = value
    stale = differs(frozen, figures.rows)
    return rows, figures, stale


def build_page(
    report: Report, actor, *, typed: dict | None = None, errors: dict | None = None
) -> EntryPage:
    """Lay out the report for `actor`; `typed` and `errors` re-show a refused submission."""
    definition = form_def(report.form)
    values = stored_values(report, definition)
    typed, errors = typed or {}, errors or {}
    refusal = edit_refusal(actor, report)
    sections, child_rows, stale = [], {}, False
    for section in definition.sections:
        header = header_rows(section)
        if section.from_children:
            rows, figures, section_stale = _child_section(report, section, values)
            stale = stale or section_stale
            child_rows[section.key] = [(r.key, r.label) for r in rows]
            sections.append(GridSection(section, header, rows, False, figures))
            continue
        sections.append(
            GridSection(
                section,
                header,
                [
                    GridRow(row.key, row.label, [])  # cells are filled below, once rules are known
                    for row in section.rows
                ],
                refusal is None,
            )
        )
    results = check_rules(definition, values, child_rows)
    flagged = {cell for r in results if not r.passed for cell in r.cells}
    for grid in sections:
        if grid.section.from_children:
            for row in grid.rows:
                for cell in row.cells:
                    cell.flagged = (grid.section.key, row.key, cell.leaf.key) in flagged
            continue
        for row in grid.rows:
            row.cells = [
                _cell(grid.section, row.key, leaf, values, typed, errors, flagged)
                for leaf in grid.section.leaves
            ]
    return EntryPage(
        report,
        definition,
        sections,
        results,
        refusal,
        errors,
        allowed_actions(actor, report),
        stale,
    )


def describe_cell(definition: FormDef, section_key, row_key, column_key) -> str:
    """Name a cell for the history: its column code and label, and the row."""
    section = definition.section(section_key or "")
    leaf = section.leaf(column_key) if section else None
    if leaf is None:
        return f"{section_key}/{row_key}/{column_key}"
    row = next((r for r in section.rows if r.key == row_key), None)
    code = f"{leaf.code} " if leaf.code else ""
    return f"{code}{leaf.full_label} – dòng “{row.label if row else row_key}”"


EVENT_LABELS = {
    "submit": "Gửi báo cáo",
    "pass": "Kiểm tra đạt",
    "approve": "Phê duyệt",
    "return": "Trả lại",
    "consolidate": "Tổng hợp lại số liệu từ đơn vị cấp dưới",
    "note": "Sửa thuyết minh",
}


def describe_event(definition: FormDef, event) -> str:
    """Say in a few words what one history row did."""
    if event.kind == "value":
        return describe_cell(definition, event.section, event.row, event.column)
    return EVENT_LABELS.get(event.kind, event.kind)
