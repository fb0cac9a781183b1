"""Reports: who may see and fill them, their values, the rule checks and `save_values`."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm.exc import StaleDataError

from thongke.catalog.model import FormDef, Leaf, Rule, Section
from thongke.catalog.rules import evaluate
from thongke.catalog.store import form_def
from thongke.clock import format_datetime
from thongke.errors import DomainError, PermissionDenied, ValidationFailed
from thongke.extensions import db
from thongke.models import Account, Report, ReportEvent, ReportValue
from thongke.scope import OUT_OF_SCOPE, can_see_unit
from thongke.values import ValueProblem, format_value, from_storage, parse_value, to_storage

MAX_NOTE = 20_000
Cell = tuple[str, str, str]  # (section, row, column)


class ConflictError(DomainError):
    """Someone else saved the report since this copy was loaded."""


class CellErrors(ValidationFailed):
    """Some cells are wrong; `errors` maps each cell to its message. Nothing was saved."""

    def __init__(self, errors: dict):
        self.errors = errors
        super().__init__(" ".join(errors.values()))


@dataclass
class RuleResult:
    rule: Rule
    section: Section
    row_label: str
    row_key: str
    passed: bool
    row_count: int = 1

    @property
    def cells(self) -> list[Cell]:
        return [(self.section.key, self.row_key, key) for key in sorted(self.rule.node.key_names())]

    @property
    def message(self) -> str:
        if self.row_count > 1:
            return f"Dòng “{self.row_label}”: {self.rule.message}"
        return self.rule.message


def can_view(actor: Account, report: Report) -> bool:
    return can_see_unit(actor, report.unit)


def edit_refusal(actor: Account, report: Report) -> str | None:
    """Return why `actor` may not change the report now, or None when they may."""
    if not can_view(actor, report):
        return OUT_OF_SCOPE
    own = actor.unit_id == report.unit_id
    on_behalf = report.unit.not_using_software and report.unit.parent_id == actor.unit_id
    if actor.role != "bc" or not (own or on_behalf):
        return (
            "Chỉ chuyên viên nhập số liệu (_bc) của đơn vị lập báo cáo, hoặc của đơn vị cấp "
            "trên khi đơn vị chưa sử dụng phần mềm, được nhập số liệu báo cáo này."
        )
    if not report.period.is_open:
        return f"{report.period.name} đã khóa sổ; không sửa được số liệu."
    if report.status != "dang_nhap":
        return "Báo cáo không ở trạng thái “Đang nhập” nên không sửa được."
    return None


def cell_label(section: Section, row_label: str, leaf: Leaf) -> str:
    code = f"{leaf.code} " if leaf.code else ""
    where = f"phần {section.title or section.key}, " if section.title else ""
    return f"Ô {code}“{leaf.full_label}”, {where}dòng “{row_label}”"


def stored_values(report: Report, definition: FormDef | None = None) -> dict[Cell, object]:
    """Return the report's filled cells as numbers."""
    definition = definition or form_def(report.form)
    values = {}
    for item in db.session.scalars(select(ReportValue).where(ReportValue.report_id == report.id)):
        section = definition.section(item.section)
        leaf = section.leaf(item.column) if section else None
        if leaf is not None:
            values[(item.section, item.row, item.column)] = from_storage(leaf, item.value)
    return values


def check_rules(
    definition: FormDef,
    values: Mapping[Cell, object],
    child_rows: Mapping[str, list[tuple[str, str]]] | None = None,
) -> list[RuleResult]:
    """Check every rule on every row it applies to; a row whose rule cells are all empty is
    skipped (nothing typed yet), otherwise an empty cell counts as 0.

    Sections built from children have no fixed rows: `child_rows` gives theirs as
    {section: [(row key, label)]}.
    """
    results = []
    for rule in definition.rules:
        keys = rule.node.key_names()
        for section in definition.rule_sections(rule):
            rows = (
                (child_rows or {}).get(section.key, [])
                if section.from_children
                else [(row.key, row.label) for row in section.rows]
            )
            for key, label in rows:
                row_values = {k: values.get((section.key, key, k)) for k in keys}
                if all(v is None for v in row_values.values()):
                    continue
                passed = bool(evaluate(rule.node, row_values))
                results.append(RuleResult(rule, section, label, key, passed, len(rows)))
    return results


def _flatten(values: Mapping) -> dict[Cell, object]:
    """Accept {(section, row, column): raw} or {section: {row: {column: raw}}}."""
    flat: dict[Cell, object] = {}
    for key, value in values.items():
        if isinstance(key, tuple):
            flat[key] = value
            continue
        if not isinstance(value, Mapping):
            raise ValidationFailed(f"Dữ liệu của phần “{key}” không đúng dạng.")
        for row, columns in value.items():
            if not isinstance(columns, Mapping):
                raise ValidationFailed(f"Dữ liệu của phần “{key}”, dòng “{row}” không đúng dạng.")
            for column, raw in columns.items():
                flat[(str(key), str(row), str(column))] = raw
    return flat


def parse_values(definition: FormDef, values: Mapping) -> dict[Cell, object]:
    """Parse every submitted cell; raise `CellErrors` naming each bad one."""
    parsed, errors = {}, {}
    for cell, raw in _flatten(values).items():
        section_key, row_key, column_key = cell
        section = definition.section(section_key)
        row = next((r for r in section.rows if r.key == row_key), None) if section else None
        leaf = section.leaf(column_key) if section else None
        if section is not None and section.from_children:
            errors[cell] = (
                f"Phần “{section.title or section_key}” lấy số liệu từ báo cáo của "
                "đơn vị cấp dưới, không nhập trực tiếp."
            )
            continue
        if row is None or leaf is None:
            errors[cell] = f"Ô “{'/'.join(cell)}” không có trong biểu {definition.code}."
            continue
        try:
            parsed[cell] = parse_value(leaf, raw)
        except ValueProblem as problem:
            errors[cell] = f"{cell_label(section, row.label, leaf)}: {problem}"
    if errors:
        raise CellErrors(errors)
    return parsed


def save_values(
    report: Report,
    values: Mapping,
    actor: Account,
    expected_version: int,
    now: datetime,
    note: str | None = None,
) -> int:
    """Check scope, state, version and every value, then write the changed cells, one history
    row per change, and bump the version. Return the number of changes. Nothing is written on
    any refusal."""
    refusal = edit_refusal(actor, report)
    if refusal:
        raise PermissionDenied(refusal)
    if expected_version != report.version:
        who = report.updated_by.display_name if report.updated_by else "người khác"
        raise ConflictError(
            f"Báo cáo đã được {who} cập nhật lúc "
            f"{format_datetime(report.updated_at)}; hãy tải lại trang để xem "
            "số liệu mới nhất rồi nhập lại."
        )
    definition = form_def(report.form)
    parsed = parse_values(definition, values)
    if note is not None:
        if not isinstance(note, str) or len(note) > MAX_NOTE:
            raise ValidationFailed(
                f"Thuyết minh dài tối đa {MAX_NOTE:,} ký tự.".replace(",", "."), field="note"
            )
        note = note.replace("\r\n", "\n").strip()
    current = {
        (v.section, v.row, v.column): v
        for v in db.session.scalars(select(ReportValue).where(ReportValue.report_id == report.id))
    }
    changes = 0
    for cell, value in parsed.items():
        leaf = definition.section(cell[0]).leaf(cell[2])
        stored = current.get(cell)
        old = from_storage(leaf, stored.value) if stored else None
        if old == value:
            continue
        if value is None:
            db.session.delete(stored)
        elif stored is None:
            db.session.add(
                ReportValue(
                    report_id=report.id,
                    section=cell[0],
                    row=cell[1],
                    column=cell[2],
                    value=to_storage(leaf, value),
                )
            )
        else:
            stored.value = to_storage(leaf, value)
        record_event(report, actor, now, "value", cell, format_value(old), format_value(value))
        changes += 1
    if note is not None and note != report.note:
        record_event(report, actor, now, "note", None, report.note, note)
        report.note = note
        changes += 1
    if changes:
        report.updated_at = now
        report.updated_by_id = actor.id
        try:
            db.session.flush()  # the versioned UPDATE: refused if someone saved meanwhile
        except StaleDataError as error:
            raise ConflictError(
                "Báo cáo vừa được người khác cập nhật; hãy tải lại trang để "
                "xem số liệu mới nhất rồi nhập lại."
            ) from error
    return changes


def record_event(report, actor, now, kind, cell, old, new, reason=None) -> None:
    """Append one row to the report's history (who, for which unit, what, old → new, why)."""
    section, row, column = cell if cell else (None, None, None)
    db.session.add(
        ReportEvent(
            report_id=report.id,
            at=now,
            kind=kind,
            actor_id=actor.id,
            acting_unit_id=actor.unit_id,
            section=section,
            row=row,
            column=column,
            old=old or None,
            new=new or None,
            reason=reason,
        )
    )


def history(report: Report) -> list[ReportEvent]:
    """Return the report's history, newest first."""
    return list(
        db.session.scalars(
            select(ReportEvent)
            .where(ReportEvent.report_id == report.id)
            .order_by(ReportEvent.at.desc(), ReportEvent.id.desc())
        )
    )
