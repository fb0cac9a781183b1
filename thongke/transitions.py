"""Workflow operations: submit, pass, approve, return; and refreshing consolidated figures.

Each takes the actor and the time, checks scope, period, state and role (through the pure
table in `thongke.workflow`), writes a history row and flushes; the caller commits once.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select

from thongke.aggregation import child_rows, freeze, live_figures
from thongke.catalog.store import form_def
from thongke.errors import DomainError, PermissionDenied, ValidationFailed
from thongke.extensions import db
from thongke.models import Account, Form, Report
from thongke.reports import check_rules, edit_refusal, record_event, stored_values
from thongke.scope import OUT_OF_SCOPE, can_see_unit
from thongke.workflow import (
    ACTIONS,
    DANG_NHAP,
    STATES,
    available_actions,
    is_return_from_above,
    next_state,
    who_may,
)

MAX_REASON = 2000


class WorkflowRefused(DomainError):
    """The action is not allowed on this report now; the message says why and who may act."""


def relation(actor: Account, report: Report) -> str:
    """Say how the actor's unit stands to the report's unit: own, behalf, parent or other."""
    if actor.unit_id == report.unit_id:
        return "own"
    if report.unit.parent_id == actor.unit_id:
        return "behalf" if report.unit.not_using_software else "parent"
    return "other"


def has_checker(report: Report) -> bool:
    """Tell whether the report's unit has an active checker (_kt) to pass through."""
    return (
        db.session.scalar(
            select(Account.id)
            .where(Account.unit_id == report.unit_id, Account.role == "kt", Account.active)
            .limit(1)
        )
        is not None
    )


def allowed_actions(actor: Account, report: Report) -> list[str]:
    """List what the actor may do to the report now (for buttons; operations re-check)."""
    if not can_see_unit(actor, report.unit) or not report.period.is_open:
        return []
    return available_actions(
        report.status, actor.role, relation(actor, report), has_checker(report)
    )


def _begin(report: Report, actor: Account, action: str) -> tuple[str, str]:
    if not can_see_unit(actor, report.unit):
        raise PermissionDenied(OUT_OF_SCOPE)
    if not report.period.is_open:
        raise WorkflowRefused(f"{report.period.name} đã khóa sổ; không thay đổi được báo cáo.")
    how = relation(actor, report)
    target = next_state(report.status, action, actor.role, how, has_checker(report))
    if target is None:
        raise WorkflowRefused(
            f"Không thể {ACTIONS[action]} báo cáo {report.form.code} của {report.unit.name}: "
            f"báo cáo đang “{STATES[report.status]}”, lúc này chỉ {who_may(report.status)}."
        )
    return how, target


def _sign(actor: Account) -> str:
    return actor.full_name or actor.username


def _check_before_submit(report: Report, now: datetime) -> None:
    """Refuse while children are missing; then freeze aggregates and check the rules on what
    will be sent. The caller rolls back on refusal, undoing the freeze too."""
    definition = form_def(report.form)
    missing: list[str] = []
    for section in definition.sections:
        if section.from_children:
            figures = live_figures(report, section)
            missing += [f"{u.name} ({section.from_children.form})" for u in figures.missing]
    if missing:
        raise WorkflowRefused(
            f"Chưa gửi được: còn {len(missing)} đơn vị cấp dưới chưa có báo cáo được phê duyệt: "
            + "; ".join(missing)
            + "."
        )
    if any(s.from_children for s in definition.sections):
        freeze(report, definition, now)
    values = stored_values(report, definition)
    results = check_rules(definition, values, child_rows(definition, values))
    errors = [r.message for r in results if not r.passed and r.rule.severity == "error"]
    if errors:
        raise ValidationFailed("Chưa gửi được vì số liệu còn lỗi: " + "; ".join(errors) + ".")
    warnings = [r.message for r in results if not r.passed and r.rule.severity == "warning"]
    if warnings and not (report.note or "").strip():
        raise ValidationFailed(
            "Số liệu có cảnh báo (" + "; ".join(warnings) + "): hãy ghi "
            "thuyết minh giải thích rồi gửi lại.",
            field="note",
        )


def _move(
    report: Report,
    actor: Account,
    action: str,
    target: str,
    now: datetime,
    reason: str | None = None,
) -> str:
    """Put the report in `target`, with one history row saying from where and why."""
    before = report.status
    report.status = target
    record_event(report, actor, now, action, None, STATES[before], STATES[target], reason=reason)
    db.session.flush()
    return target


def submit_report(report: Report, actor: Account, now: datetime) -> str:
    """Send the report to its checker or leader; aggregates freeze their figures."""
    _, target = _begin(report, actor, "submit")
    _check_before_submit(report, now)
    report.return_reason = None
    report.submitted_by_name, report.submitted_at = _sign(actor), now
    report.checked_by_name = report.checked_at = None
    report.approved_by_name = report.approved_at = None
    return _move(report, actor, "submit", target, now)


def pass_report(report: Report, actor: Account, now: datetime) -> str:
    """The checker passes the report on to the leader."""
    _, target = _begin(report, actor, "pass")
    report.checked_by_name, report.checked_at = _sign(actor), now
    return _move(report, actor, "pass", target, now)


def approve_report(report: Report, actor: Account, now: datetime) -> str:
    """The leader approves: the report is signed and sent to the level above."""
    _, target = _begin(report, actor, "approve")
    report.approved_by_name, report.approved_at = _sign(actor), now
    return _move(report, actor, "approve", target, now)


def consolidating_reports(report: Report) -> list[Report]:
    """Return the parent's reports of the same period built from this report's form."""
    if report.unit.parent_id is None:
        return []
    candidates = db.session.scalars(
        select(Report)
        .join(Form)
        .where(Report.unit_id == report.unit.parent_id, Report.period_id == report.period_id)
    )
    return [
        r
        for r in candidates
        if any(
            s.from_children and s.from_children.form == report.form.code
            for s in form_def(r.form).sections
        )
    ]


def return_report(report: Report, actor: Account, now: datetime, reason: str) -> str:
    """Send the report back to "Đang nhập" with a reason the unit will see."""
    reason = (reason or "").strip()
    if not reason:
        raise ValidationFailed("Hãy ghi lý do trả lại để đơn vị biết cần sửa gì.", field="reason")
    if len(reason) > MAX_REASON:
        raise ValidationFailed(f"Lý do trả lại dài tối đa {MAX_REASON} ký tự.", field="reason")
    before = report.status
    how, target = _begin(report, actor, "return")
    if is_return_from_above(before, how):
        blocking = [r for r in consolidating_reports(report) if r.status != DANG_NHAP]
        if blocking:
            names = "; ".join(
                f"{r.form.code} của {r.unit.name} (đang “{STATES[r.status]}”)" for r in blocking
            )
            raise WorkflowRefused(
                "Chỉ trả lại được khi báo cáo tổng hợp của đơn vị nhận còn “Đang nhập”. Báo cáo "
                f"tổng hợp {names} phải được trả về “Đang nhập” trước."
            )
    report.return_reason = reason
    report.returned_at = now
    return _move(report, actor, "return", target, now, reason)


def reconsolidate_report(report: Report, actor: Account, now: datetime) -> None:
    """ "Tổng hợp lại": refresh the frozen figures from the children while still editable."""
    refusal = edit_refusal(actor, report)
    if refusal:
        raise PermissionDenied(refusal)
    definition = form_def(report.form)
    if not any(s.from_children for s in definition.sections):
        raise ValidationFailed("Biểu này không có phần tổng hợp từ đơn vị cấp dưới.")
    freeze(report, definition, now)
    record_event(report, actor, now, "consolidate", None, None, None)
    report.updated_at = now  # a real change of the report: its version moves on
    db.session.flush()


OPERATIONS = {
    "submit": submit_report,
    "pass": pass_report,
    "approve": approve_report,
    "return": return_report,
}
DONE = {
    "submit": "đã gửi",
    "pass": "đã kiểm tra đạt",
    "approve": "đã phê duyệt",
    "return": "đã trả lại",
}


def apply_action(
    action: str, report: Report, actor: Account, now: datetime, reason: str | None = None
) -> str:
    """Run one workflow action by name: the single entry for pages, bulk actions and the API."""
    if action not in OPERATIONS:
        raise ValidationFailed(
            "Thao tác không hợp lệ: chỉ có gửi (submit), kiểm tra đạt (pass), "
            "phê duyệt (approve) hoặc trả lại (return)."
        )
    if action == "return":
        return return_report(report, actor, now, reason or "")
    return OPERATIONS[action](report, actor, now)
