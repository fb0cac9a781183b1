"""The report list and the data-entry page."""

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required
from sqlalchemy import or_, select

from thongke.catalog.store import form_def
from thongke.clock import utcnow
from thongke.entry import build_page
from thongke.errors import DomainError, PermissionDenied, ValidationFailed
from thongke.extensions import db
from thongke.models import Form, Period, Report, Unit
from thongke.reports import CellErrors, ConflictError, can_view, history, save_values
from thongke.transitions import DONE, apply_action, reconsolidate_report

bp = Blueprint("reports", __name__, url_prefix="/reports")


def _report_or_404(report_id: int) -> Report:
    report = db.session.get(Report, report_id)
    # Another branch's report is "not found", not "forbidden": its existence is not shown.
    if report is None or not can_view(current_user, report):
        abort(404)
    return report


@bp.route("/")
@login_required
def index():
    """List the reports of open periods that my unit makes or fills in on behalf of others."""
    behalf = select(Unit.id).where(Unit.parent_id == current_user.unit_id, Unit.not_using_software)
    reports = db.session.scalars(
        select(Report)
        .join(Period)
        .join(Form)
        .join(Unit, Unit.id == Report.unit_id)
        .where(
            Period.status == "open",
            or_(Report.unit_id == current_user.unit_id, Report.unit_id.in_(behalf)),
        )
        .order_by(Period.year.desc(), Unit.name, Form.position)
    ).all()
    return render_template("entry/list.html", reports=reports)


def _typed_values() -> dict:
    typed = {}
    for name, raw in request.form.items():
        if name.startswith("v."):
            parts = tuple(name[2:].split("."))
            typed[parts if len(parts) == 3 else (name, "", "")] = raw
    return typed


@bp.route("/<int(max=2147483647):report_id>", methods=["GET", "POST"])
@login_required
def entry(report_id: int):
    report = _report_or_404(report_id)
    if request.method == "GET":
        return render_template(
            "entry/report.html", page=build_page(report, current_user), history=history(report)[:20]
        )
    typed = _typed_values()
    version = _expected_version()
    try:
        changes = save_values(
            report, typed, current_user, version, utcnow(), note=request.form.get("note")
        )
    except PermissionDenied as error:
        db.session.rollback()
        flash(error.message, "danger")
        return redirect(url_for(".entry", report_id=report.id)), 303
    except CellErrors as error:
        db.session.rollback()
        flash("Chưa lưu: có ô nhập sai, hãy sửa các ô được tô đỏ rồi lưu lại.", "danger")
        page = build_page(report, current_user, typed=typed, errors=error.errors)
        return render_template(
            "entry/report.html",
            page=page,
            history=history(report)[:20],
            typed_note=request.form.get("note"),
        ), 422
    except (ConflictError, ValidationFailed) as error:
        db.session.rollback()
        flash(error.message, "danger")
        status = 409 if isinstance(error, ConflictError) else 422
        page = build_page(report, current_user, typed=typed)
        return render_template(
            "entry/report.html",
            page=page,
            history=history(report)[:20],
            typed_note=request.form.get("note"),
        ), status
    db.session.commit()
    flash(f"Đã lưu {changes} thay đổi." if changes else "Không có thay đổi nào để lưu.", "success")
    return redirect(url_for(".entry", report_id=report.id)), 303


@bp.route("/<int(max=2147483647):report_id>/history")
@login_required
def report_history(report_id: int):
    report = _report_or_404(report_id)
    return render_template(
        "entry/history.html",
        report=report,
        history=history(report),
        definition=form_def(report.form),
    )


def _expected_version() -> int:
    try:
        return int(request.form.get("version", ""))
    except ValueError:
        abort(400)


STALE_PAGE = "Báo cáo vừa được thay đổi; hãy xem lại trang rồi thao tác lại."


def _act(report: Report, operation, done: str):
    """Run one operation on the report as seen on the page, commit once, and come back."""
    try:
        if _expected_version() != report.version:
            raise ConflictError(STALE_PAGE)
        operation()
    except DomainError as error:
        db.session.rollback()
        flash(error.message, "danger")
    else:
        db.session.commit()
        flash(done, "success")
    return redirect(url_for(".entry", report_id=report.id)), 303


@bp.route("/<int(max=2147483647):report_id>/transition", methods=["POST"])
@login_required
def transition(report_id: int):
    """Submit, pass, approve or return the report, then come back to it."""
    report = _report_or_404(report_id)
    action = request.form.get("action", "")
    return _act(
        report,
        lambda: apply_action(action, report, current_user, utcnow(), request.form.get("reason")),
        f"Báo cáo {report.form.code} của {report.unit.name} {DONE.get(action, '')}.",
    )


@bp.route("/<int(max=2147483647):report_id>/consolidate", methods=["POST"])
@login_required
def consolidate(report_id: int):
    """Refresh the figures built from the children (Tổng hợp lại)."""
    report = _report_or_404(report_id)
    return _act(
        report,
        lambda: reconsolidate_report(report, current_user, utcnow()),
        "Đã tổng hợp lại số liệu từ báo cáo của các đơn vị cấp dưới.",
    )
