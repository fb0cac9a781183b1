"""Downloads and uploads: report XLSX, template, import, print, workbook, lists, CSV."""

import io
import tempfile

from flask import (
    Blueprint,
    Response,
    abort,
    flash,
    redirect,
    render_template,
    request,
    send_file,
    stream_with_context,
    url_for,
)
from flask_login import current_user, login_required

from thongke.clock import utcnow
from thongke.entry import build_page
from thongke.errors import DomainError
from thongke.exports.report_xlsx import filename, report_xlsx
from thongke.exports.tables import accounts_xlsx, period_csv, progress_xlsx
from thongke.exports.workbook_xlsx import consolidated_workbook
from thongke.extensions import db
from thongke.imports import ImportRefused, import_template
from thongke.models import Period, Report, Unit
from thongke.reports import can_view
from thongke.scope import can_see_unit
from thongke.views.security import row_id

bp = Blueprint("exports", __name__)
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _report(report_id: int) -> Report:
    report = db.session.get(Report, report_id)
    if report is None or not can_view(current_user, report):
        abort(404)
    return report


def _xlsx(data: bytes, name: str):
    return send_file(io.BytesIO(data), mimetype=XLSX, as_attachment=True, download_name=name)


@bp.route("/reports/<int(max=2147483647):report_id>/export.xlsx")
@login_required
def report_file(report_id: int):
    report = _report(report_id)
    return _xlsx(report_xlsx(report), filename(report, ""))


@bp.route("/reports/<int(max=2147483647):report_id>/template.xlsx")
@login_required
def template_file(report_id: int):
    report = _report(report_id)
    return _xlsx(report_xlsx(report, template=True), filename(report, "_mau_nhap"))


@bp.route("/reports/<int(max=2147483647):report_id>/import", methods=["POST"])
@login_required
def import_file(report_id: int):
    report = _report(report_id)
    upload = request.files.get("file")
    if upload is None or not upload.filename:
        flash("Hãy chọn tệp .xlsx đã điền số liệu để tải lên.", "danger")
        return redirect(url_for("reports.entry", report_id=report.id)), 303
    try:
        changes = import_template(report, upload.read(), current_user, utcnow())
    except ImportRefused as refused:
        db.session.rollback()
        flash("Chưa lưu gì từ tệp: " + " ".join(refused.problems[:20]), "danger")
    except DomainError as error:
        db.session.rollback()
        flash("Chưa lưu gì từ tệp: " + error.message, "danger")
    else:
        db.session.commit()
        flash(f"Đã nhập từ tệp: {changes} thay đổi.", "success")
    return redirect(url_for("reports.entry", report_id=report.id)), 303


@bp.route("/reports/<int(max=2147483647):report_id>/print")
@login_required
def print_view(report_id: int):
    report = _report(report_id)
    return render_template("entry/print.html", page=build_page(report, current_user))


def _period_and_unit():
    period = db.session.get(Period, row_id(request.view_args["period_id"]) or 0)
    unit_id = row_id(request.args.get("unit")) if "unit" in request.args else current_user.unit_id
    unit = db.session.get(Unit, unit_id or 0)
    if period is None or unit is None or not can_see_unit(current_user, unit):
        abort(404)
    return period, unit


@bp.route("/periods/<int(max=2147483647):period_id>/workbook.xlsx")
@login_required
def workbook_file(period_id: int):
    period, unit = _period_and_unit()
    # Built in a temporary file with constant memory, then sent from disk.
    spool = tempfile.TemporaryFile()  # noqa: SIM115 (send_file closes it after sending)
    consolidated_workbook(period, unit, spool)
    spool.seek(0)
    name = f"tong_hop_{unit.code}_{period.kind}{period.year}.xlsx"
    return send_file(spool, mimetype=XLSX, as_attachment=True, download_name=name)


@bp.route("/periods/<int(max=2147483647):period_id>/progress.xlsx")
@login_required
def progress_file(period_id: int):
    period, unit = _period_and_unit()
    return _xlsx(
        progress_xlsx(period, unit), f"tien_do_{unit.code}_{period.kind}{period.year}.xlsx"
    )


@bp.route("/periods/<int(max=2147483647):period_id>/data.csv")
@login_required
def data_file(period_id: int):
    period, unit = _period_and_unit()
    name = f"so_lieu_{unit.code}_{period.kind}{period.year}.csv"
    return Response(
        stream_with_context(period_csv(period.id, unit.id)),
        mimetype="text/csv",
        headers={"Content-Disposition": f"attachment; filename={name}"},
    )


@bp.route("/accounts.xlsx")
@login_required
def accounts_file():
    if not current_user.is_admin:
        abort(403)
    return _xlsx(accounts_xlsx(), "danh_sach_tai_khoan.xlsx")
