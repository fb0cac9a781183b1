"""What the data-entry page shows: each section's header, rows, cells and rule results."""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy import select

from thongke.catalog.definition import FormDef, Leaf, Section
from thongke.catalog.grid import HeaderCell, header_rows
from thongke.catalog.store import form_def
from thongke.extensions import db
from thongke.models import Form, Report, Unit
from thongke.reports import RuleResult, check_rules, edit_refusal, stored_values
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


@dataclass
class GridSection:
    section: Section
    header: list[list[HeaderCell]]
    rows: list[GridRow]
    editable: bool
    note: str = ""
    children_count: int = 0


@dataclass
class EntryPage:
    report: Report
    definition: FormDef
    sections: list[GridSection]
    rule_results: list[RuleResult]
    refusal: str | None
    errors: dict = field(default_factory=dict)

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


def child_units(unit: Unit, source_form_code: str) -> list[Unit]:
    """Return the active children of `unit` that fill the source form, by name."""
    level = db.session.scalar(select(Form.filled_by).where(Form.code == source_form_code))
    return list(
        db.session.scalars(
            select(Unit)
            .where(Unit.parent_id == unit.id, Unit.active, Unit.level == level)
            .order_by(Unit.name)
        )
    )


def _cell(section: Section, row_key: str, leaf: Leaf, values, typed, errors, flagged):
    cell = (section.key, row_key, leaf.key)
    name = "v." + ".".join(cell)
    text = typed[cell] if cell in typed else format_value(values.get(cell))
    return GridCell(name, leaf, text, errors.get(cell), cell in flagged)


def build_page(
    report: Report, actor, *, typed: dict | None = None, errors: dict | None = None
) -> EntryPage:
    """Lay out the report for `actor`; `typed` and `errors` re-show a refused submission."""
    definition = form_def(report.form)
    values = stored_values(report, definition)
    typed, errors = typed or {}, errors or {}
    results = check_rules(definition, values)
    flagged = {cell for r in results if not r.passed for cell in r.cells}
    refusal = edit_refusal(actor, report)
    sections = []
    for section in definition.sections:
        header = header_rows(section)
        if section.from_children:
            children = child_units(report.unit, section.from_children.form)
            # Figures from children's approved reports arrive with consolidation; until then
            # the rows are listed, read-only and empty.
            rows = [
                GridRow(
                    f"u{child.id}", child.name, [GridCell("", leaf, "") for leaf in section.leaves]
                )
                for child in children
            ]
            rows.append(
                GridRow(
                    "total",
                    section.from_children.total_label,
                    [GridCell("", leaf, "") for leaf in section.leaves],
                    True,
                )
            )
            sections.append(GridSection(section, header, rows, False, children_count=len(children)))
            continue
        rows = [
            GridRow(
                row.key,
                row.label,
                [
                    _cell(section, row.key, leaf, values, typed, errors, flagged)
                    for leaf in section.leaves
                ],
            )
            for row in section.rows
        ]
        sections.append(GridSection(section, header, rows, refusal is None))
    return EntryPage(report, definition, sections, results, refusal, errors)


def describe_cell(definition: FormDef, section_key, row_key, column_key) -> str:
    """Name a cell for the history: its column code and label, and the row."""
    section = definition.section(section_key or "")
    leaf = section.leaf(column_key) if section else None
    if leaf is None:
        return f"{section_key}/{row_key}/{column_key}"
    row = next((r for r in section.rows if r.key == row_key), None)
    code = f"{leaf.code} " if leaf.code else ""
    return f"{code}{leaf.full_label} – dòng “{row.label if row else row_key}”"
