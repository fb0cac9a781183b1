"""Consolidation: figures of sections built from children's approved reports.

Live figures come from one grouped query per section. Submitting an aggregate report freezes
them into its own `report_value` rows (row "u<unit id>" per child and "total"), which the level
above then reads like any other figures; a frozen section is stale when the live figures differ.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from decimal import ROUND_HALF_UP, Decimal

from sqlalchemy import delete, func, select

from thongke.catalog.model import FormDef, Section
from thongke.extensions import db
from thongke.models import LEVELS, Form, Report, ReportValue, Unit
from thongke.values import from_storage, to_storage
from thongke.workflow import DA_GUI

TOTAL = "total"


@dataclass
class ChildFigures:
    section: Section
    children: list[Unit]
    approved: set[int]  # ids of children whose report is approved
    rows: dict[str, dict[str, object]]  # "u<id>" and "total" -> column -> value
    level: str

    @property
    def missing(self) -> list[Unit]:
        return [u for u in self.children if u.id not in self.approved]

    @property
    def completeness(self) -> str:
        name = {"xa": "xã", "phong": "huyện", "to_chuc_cc": "tổ chức"}.get(
            self.level, LEVELS.get(self.level, "đơn vị")
        )
        return f"{len(self.approved)}/{len(self.children)} {name} đã gửi"


def row_key(unit_id: int) -> str:
    return f"u{unit_id}"


def _source(section: Section) -> Form:
    return db.session.scalar(select(Form).where(Form.code == section.from_children.form))


def children_of(report: Report, source: Form) -> list[Unit]:
    """Return the active children of the report's unit that fill the source form."""
    return list(
        db.session.scalars(
            select(Unit)
            .where(Unit.parent_id == report.unit_id, Unit.active, Unit.level == source.filled_by)
            .order_by(Unit.name)
        )
    )


def live_figures(report: Report, section: Section) -> ChildFigures:
    """Compute the section from the children's approved reports, in the database."""
    source = _source(section)
    children = children_of(report, source)
    ids = [u.id for u in children]
    approved_reports = (
        select(Report.id, Report.unit_id)
        .where(
            Report.period_id == report.period_id,
            Report.form_id == source.id,
            Report.status == DA_GUI,
            Report.unit_id.in_(ids),
        )
        .subquery()
    )
    approved = set(db.session.scalars(select(approved_reports.c.unit_id)))
    sources = {leaf.source for leaf in section.leaves}
    ref = section.from_children
    grouped = db.session.execute(
        select(approved_reports.c.unit_id, ReportValue.column, func.sum(ReportValue.value))
        .join(ReportValue, ReportValue.report_id == approved_reports.c.id)
        .where(
            ReportValue.section == ref.section,
            ReportValue.row == ref.row,
            ReportValue.column.in_(sources),
        )
        .group_by(approved_reports.c.unit_id, ReportValue.column)
    ).all()
    stored: dict[int, dict[str, int]] = {}
    for unit_id, column, total in grouped:
        stored.setdefault(unit_id, {})[column] = int(total)
    rows = {}
    for unit in children:
        if unit.id in approved:
            raw = stored.get(unit.id, {})
            rows[row_key(unit.id)] = {
                leaf.key: from_storage(leaf, raw.get(leaf.source)) for leaf in section.leaves
            }
    rows[TOTAL] = _totals(section, [stored.get(i, {}) for i in approved])
    return ChildFigures(section, children, approved, rows, source.filled_by)


def _totals(section: Section, children: list[dict[str, int]]) -> dict[str, object]:
    """Sum each column, or weigh it by another column where the catalog says so.

    `children` hold stored integers (decimal columns scaled), so the sums are exact.
    """
    totals: dict[str, object] = {}
    by_key = {leaf.key: leaf for leaf in section.leaves}
    for leaf in section.leaves:
        values = [c.get(leaf.source) for c in children if c.get(leaf.source) is not None]
        if not values:
            totals[leaf.key] = None
        elif leaf.weighted_by:
            weight_source = by_key[leaf.weighted_by].source
            pairs = [
                (c[leaf.source], c.get(weight_source) or 0)
                for c in children
                if c.get(leaf.source) is not None
            ]
            weight = sum(w for _, w in pairs)
            if weight == 0:
                totals[leaf.key] = None
            else:
                average = Decimal(sum(v * w for v, w in pairs)) / weight
                totals[leaf.key] = from_storage(leaf, int(average.quantize(1, ROUND_HALF_UP)))
        else:
            totals[leaf.key] = from_storage(leaf, sum(values))
    return totals


def frozen_figures(report: Report, section: Section) -> dict[str, dict[str, object]]:
    """Return the figures frozen into the report for a section built from children."""
    rows: dict[str, dict[str, object]] = {}
    for item in db.session.scalars(
        select(ReportValue).where(
            ReportValue.report_id == report.id, ReportValue.section == section.key
        )
    ):
        leaf = section.leaf(item.column)
        if leaf is not None:
            rows.setdefault(item.row, {})[leaf.key] = from_storage(leaf, item.value)
    return rows


def _comparable(rows: dict) -> dict:
    return {
        row: {k: v for k, v in cols.items() if v is not None}
        for row, cols in rows.items()
        if any(v is not None for v in cols.values())
    }


def differs(frozen: dict | None, live: dict) -> bool:
    """Tell whether frozen figures (None: never frozen) differ from the live ones."""
    return frozen is not None and _comparable(frozen) != _comparable(live)


def is_stale(report: Report, definition: FormDef) -> bool:
    """Tell whether frozen figures differ from what the children's reports say now."""
    if report.consolidated_at is None:
        return False
    return any(
        differs(frozen_figures(report, section), live_figures(report, section).rows)
        for section in definition.sections
        if section.from_children
    )


def freeze(report: Report, definition: FormDef, now: datetime) -> None:
    """Store today's live figures as the report's own, replacing earlier frozen ones."""
    for section in definition.sections:
        if not section.from_children:
            continue
        figures = live_figures(report, section)
        db.session.execute(
            delete(ReportValue).where(
                ReportValue.report_id == report.id, ReportValue.section == section.key
            )
        )
        for row, columns in figures.rows.items():
            for key, value in columns.items():
                if value is not None:
                    db.session.add(
                        ReportValue(
                            report_id=report.id,
                            section=section.key,
                            row=row,
                            column=key,
                            value=to_storage(section.leaf(key), value),
                        )
                    )
    report.consolidated_at = now
    db.session.flush()


def child_rows(definition: FormDef, values: dict) -> dict[str, list[tuple[str, str]]]:
    """Return the rows of each section built from children, as found in `values`, with labels:
    one per child unit (by name), then the total."""
    keys: dict[str, set[str]] = {}
    for section_key, row, _column in values:
        section = definition.section(section_key)
        if section is not None and section.from_children:
            keys.setdefault(section_key, set()).add(row)
    ids = {int(row[1:]) for rows in keys.values() for row in rows if row.startswith("u")}
    names = dict(db.session.execute(select(Unit.id, Unit.name).where(Unit.id.in_(ids))).all())
    result = {}
    for section_key, rows in keys.items():
        total_label = definition.section(section_key).from_children.total_label
        children = sorted((names.get(int(r[1:]), r), r) for r in rows if r.startswith("u"))
        result[section_key] = [(r, name) for name, r in children]
        if TOTAL in rows:
            result[section_key].append((TOTAL, total_label))
    return result
