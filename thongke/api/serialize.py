"""Turn periods, forms and reports into the JSON the API documents."""

from __future__ import annotations

from collections import defaultdict

from sqlalchemy import select

from thongke.aggregation import differs, frozen_figures, live_figures
from thongke.catalog.store import form_def
from thongke.extensions import db
from thongke.models import Period, Report, ReportEvent, ReportValue, Unit
from thongke.values import from_storage
from thongke.workflow import STATES


def unit_json(unit: Unit) -> dict:
    return {"code": unit.code, "name": unit.name, "level": unit.level}


def period_json(period: Period) -> dict:
    return {
        "id": period.id,
        "kind": period.kind,
        "year": period.year,
        "name": period.name,
        "status": period.status,
        "start_date": period.start_date.isoformat(),
        "end_date": period.end_date.isoformat(),
        "deadlines": dict(period.deadlines or {}),
        "forms": [f.code for f in period.forms],
    }


def nest(values: dict) -> dict:
    """{(section, row, column): value} → {section: {row: {column: value}}}."""
    nested: dict = defaultdict(lambda: defaultdict(dict))
    for (section, row, column), value in sorted(values.items()):
        if value is not None:
            nested[section][row][column] = value
    return {s: {r: dict(c) for r, c in rows.items()} for s, rows in nested.items()}


def values_of(reports: list[Report]) -> dict[int, dict]:
    """Read the stored values of many reports in one query."""
    by_report: dict[int, dict] = {r.id: {} for r in reports}
    definitions = {r.id: form_def(r.form) for r in reports}
    rows = db.session.scalars(select(ReportValue).where(ReportValue.report_id.in_(list(by_report))))
    for item in rows:
        section = definitions[item.report_id].section(item.section)
        leaf = section.leaf(item.column) if section else None
        if leaf is not None:
            by_report[item.report_id][(item.section, item.row, item.column)] = from_storage(
                leaf, item.value
            )
    return {report_id: nest(values) for report_id, values in by_report.items()}


def report_json(report: Report, values: dict) -> dict:
    deadline = report.period.deadline_for(report.unit.level)
    return {
        "id": report.id,
        "unit": unit_json(report.unit),
        "form": report.form.code,
        "period": report.period_id,
        "status": report.status,
        "status_label": STATES[report.status],
        "version": report.version,
        "deadline": deadline.isoformat() if deadline else None,
        "values": values,
    }


def report_detail(report: Report) -> dict:
    """One report with its note, signatories and the live figures of consolidated sections."""
    body = report_json(report, values_of([report])[report.id])
    definition = form_def(report.form)
    sections, stale = {}, False
    for section in definition.sections:
        if not section.from_children:
            continue
        figures = live_figures(report, section)
        frozen = frozen_figures(report, section) if report.consolidated_at else None
        if differs(frozen, figures.rows):
            stale = True
        sections[section.key] = {
            "source_form": section.from_children.form,
            "expected": len(figures.children),
            "approved": len(figures.approved),
            "completeness": figures.completeness,
            "missing": [u.code for u in figures.missing],
            "live": {
                row: {k: v for k, v in cols.items() if v is not None}
                for row, cols in figures.rows.items()
            },
        }
    body.update(
        {
            "note": report.note or "",
            "return_reason": report.return_reason,
            "signatories": {
                "prepared_by": report.submitted_by_name,
                "checked_by": report.checked_by_name,
                "approved_by": report.approved_by_name,
            },
            "consolidated": sections,
            "stale": stale,
        }
    )
    return body


def event_json(event: ReportEvent) -> dict:
    return {
        "at": event.at.isoformat() + "Z",
        "kind": event.kind,
        "actor": event.actor.username,
        "acting_unit": event.acting_unit.code,
        "cell": "/".join([event.section, event.row, event.column]) if event.section else None,
        "old": event.old,
        "new": event.new,
        "reason": event.reason,
    }
