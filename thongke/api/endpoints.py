"""The API's endpoints: thin wrappers over the same operations as the pages."""

from flask import g, jsonify, request
from sqlalchemy import func, select

from thongke.api import bp, error, token_required
from thongke.api.serialize import (
    event_json,
    period_json,
    report_detail,
    report_json,
    unit_json,
    values_of,
)
from thongke.clock import utcnow
from thongke.errors import PermissionDenied, ValidationFailed
from thongke.extensions import db
from thongke.models import Form, Period, Report, Unit
from thongke.reports import CellErrors, ConflictError, can_view, history, save_values
from thongke.scope import OUT_OF_SCOPE, unit_filter
from thongke.transitions import OPERATIONS, WorkflowRefused, apply_action

MAX_PER_PAGE = 200


def _report(report_id: int):
    report = db.session.get(Report, report_id)
    if report is None:
        return None, error(404, "Không có báo cáo này.")
    if not can_view(g.actor, report):
        return None, error(403, OUT_OF_SCOPE)
    return report, None


def _report_and_body(report_id: int):
    """Return the report in scope and the request's JSON object, or the refusal to send."""
    report, refused = _report(report_id)
    if refused:
        return None, None, refused
    body = request.get_json(silent=True)
    if not isinstance(body, dict):
        return None, None, error(400, "Nội dung phải là một đối tượng JSON.")
    return report, body, None


@bp.get("/me")
@token_required
def me():
    actor = g.actor
    return jsonify(
        {
            "username": actor.username,
            "role": actor.role,
            "role_label": actor.role_label,
            "is_admin": actor.is_admin,
            "unit": unit_json(actor.unit),
        }
    )


@bp.get("/periods")
@token_required
def periods():
    rows = db.session.scalars(select(Period).order_by(Period.year.desc(), Period.kind))
    return jsonify({"items": [period_json(p) for p in rows]})


@bp.get("/forms")
@token_required
def forms():
    rows = db.session.scalars(select(Form).order_by(Form.position))
    return jsonify(
        {
            "items": [
                {
                    "code": f.code,
                    "title": f.title,
                    "filled_by": f.filled_by,
                    "sent_to": f.sent_to,
                    "periods": f.definition.get("periods", []),
                }
                for f in rows
            ]
        }
    )


@bp.get("/forms/<path:code>")
@token_required
def form(code: str):
    found = db.session.scalar(select(Form).where(Form.code == code))
    if found is None:
        return error(404, f"Không có biểu “{code}”.")
    return jsonify(found.definition)


def _int_arg(name: str, default: int, low: int, high: int):
    raw = request.args.get(name)
    if raw is None:
        return default
    if not raw.isdigit() or not low <= int(raw) <= high:
        raise ValidationFailed(f"Tham số “{name}” phải là số nguyên từ {low} đến {high}.")
    return int(raw)


@bp.get("/reports")
@token_required
def reports():
    try:
        page = _int_arg("page", 1, 1, 10**6)
        per_page = _int_arg("per_page", 50, 1, MAX_PER_PAGE)
        period_id = _int_arg("period", 0, 1, 2**31 - 1) if "period" in request.args else None
    except ValidationFailed as problem:
        return error(400, problem.message)
    query = (
        select(Report)
        .join(Form)
        .join(Unit, Unit.id == Report.unit_id)
        .where(unit_filter(g.actor, Report.unit_id))
    )
    if period_id is not None:
        query = query.where(Report.period_id == period_id)
    if request.args.get("form"):
        query = query.where(Form.code == request.args["form"])
    if request.args.get("unit"):
        query = query.where(Unit.code == request.args["unit"])
    total = db.session.scalar(select(func.count()).select_from(query.subquery()))
    rows = list(
        db.session.scalars(
            query.order_by(Report.period_id.desc(), Unit.path, Form.position, Report.id)
            .limit(per_page)
            .offset((page - 1) * per_page)
        )
    )
    values = values_of(rows)
    return jsonify(
        {
            "items": [report_json(r, values[r.id]) for r in rows],
            "page": page,
            "per_page": per_page,
            "total": total,
        }
    )


@bp.get("/reports/<int(max=2147483647):report_id>")
@token_required
def report(report_id: int):
    found, refused = _report(report_id)
    return refused or jsonify(report_detail(found))


@bp.put("/reports/<int(max=2147483647):report_id>/values")
@token_required
def put_values(report_id: int):
    found, body, refused = _report_and_body(report_id)
    if refused:
        return refused
    version, values, note = body.get("version"), body.get("values", {}), body.get("note")
    if not isinstance(version, int) or isinstance(version, bool):
        return error(400, "Thiếu “version”: số phiên bản của báo cáo đã đọc.")
    if not isinstance(values, dict) or (note is not None and not isinstance(note, str)):
        return error(400, "“values” phải là {phần: {dòng: {cột: giá trị}}}; “note” là chuỗi.")
    try:
        changes = save_values(found, values, g.actor, version, utcnow(), note=note)
    except PermissionDenied as refusal:
        db.session.rollback()
        return error(403, refusal.message)
    except ConflictError as conflict:
        db.session.rollback()
        return error(409, conflict.message, version=found.version)
    except CellErrors as problems:
        db.session.rollback()
        cells = {"/".join(cell): message for cell, message in problems.errors.items()}
        return error(422, "Có giá trị không hợp lệ; không lưu gì.", cells=cells)
    except ValidationFailed as problem:
        db.session.rollback()
        return error(422, problem.message)
    db.session.commit()
    return jsonify({"id": found.id, "version": found.version, "changes": changes})


@bp.post("/reports/<int(max=2147483647):report_id>/transitions")
@token_required
def transition(report_id: int):
    found, body, refused = _report_and_body(report_id)
    if refused:
        return refused
    action, reason = body.get("action"), body.get("reason")
    if action not in OPERATIONS:
        return error(400, "“action” phải là submit, pass, approve hoặc return.")
    if reason is not None and not isinstance(reason, str):
        return error(400, "“reason” phải là chuỗi.")
    try:
        status = apply_action(action, found, g.actor, utcnow(), reason)
    except PermissionDenied as refusal:
        db.session.rollback()
        return error(403, refusal.message)
    except WorkflowRefused as refusal:
        db.session.rollback()
        return error(409, refusal.message)
    except ValidationFailed as problem:
        db.session.rollback()
        return error(422, problem.message)
    db.session.commit()
    return jsonify({"id": found.id, "status": status, "version": found.version})


@bp.get("/reports/<int(max=2147483647):report_id>/history")
@token_required
def report_history(report_id: int):
    found, refused = _report(report_id)
    return refused or jsonify({"items": [event_json(e) for e in history(found)]})


@bp.get("/openapi.json")
def openapi():
    from thongke.api.openapi import document

    return jsonify(document())
