"""Reports in the admin panel: a scoped list with bulk pass, approve and return.

Figures are never edited here (the entry page does that); each bulk action runs the same
workflow operation per report and reports the result of each.
"""

from flask import flash, redirect, request, url_for
from flask_admin import expose
from flask_admin.actions import action
from flask_admin.contrib.sqla.filters import FilterEqual, IntEqualFilter
from flask_login import current_user
from markupsafe import Markup, escape
from sqlalchemy import select

from admin_views.base import ScopedModelView
from admin_views.units import unit_options
from thongke.clock import format_datetime, utcnow
from thongke.extensions import db
from thongke.models import Form, Period, Report
from thongke.scope import unit_filter
from thongke.transitions import DONE, apply_action
from thongke.workflow import STATES


def period_options():
    if not current_user or not current_user.is_authenticated:
        return []  # Flask-Admin also asks once at start-up, outside any request
    return [
        (p.id, p.name)
        for p in db.session.scalars(select(Period).order_by(Period.year.desc(), Period.kind))
    ]


def form_options():
    if not current_user or not current_user.is_authenticated:
        return []
    return [(f.id, f.code) for f in db.session.scalars(select(Form).order_by(Form.position))]


def _form_link(view, context, model, name):
    url = url_for("reports.entry", report_id=model.id)
    return Markup(f'<a href="{escape(url)}">{escape(model.form.code)}</a>')


class ReportView(ScopedModelView):
    # Pass, approve and return are open to every role through the workflow's own checks.
    admin_only_views = frozenset({"create_view", "edit_view", "delete_view", "ajax_update"})
    can_view_details = False
    column_list = ("period", "unit", "form", "status", "return_reason", "updated_at", "approved_at")
    column_labels = {
        "period": "Kỳ báo cáo",
        "unit": "Đơn vị",
        "form": "Biểu",
        "status": "Trạng thái",
        "return_reason": "Lý do trả lại",
        "updated_at": "Lưu lần cuối",
        "approved_at": "Gửi cấp trên lúc",
    }
    column_sortable_list = ("status", "updated_at", "approved_at")
    column_default_sort = ("id", False)
    column_filters = (
        IntEqualFilter(Report.period_id, "Kỳ báo cáo", options=period_options),
        IntEqualFilter(Report.form_id, "Biểu", options=form_options),
        FilterEqual(Report.status, "Trạng thái", options=tuple(STATES.items())),
        IntEqualFilter(Report.unit_id, "Đơn vị", options=unit_options),
    )
    column_formatters = {
        "period": lambda v, c, m, n: m.period.name,
        "unit": lambda v, c, m, n: m.unit.name,
        "form": _form_link,
        "status": lambda v, c, m, n: STATES.get(m.status, m.status),
        "updated_at": lambda v, c, m, n: format_datetime(m.updated_at),
        "approved_at": lambda v, c, m, n: format_datetime(m.approved_at),
    }

    @property
    def can_create(self) -> bool:
        return False

    @property
    def can_edit(self) -> bool:
        return False  # figures change only on the entry page, through save_values

    def scope_condition(self):
        return unit_filter(current_user, Report.unit_id)

    def _apply(self, ids, name: str, reason: str | None = None) -> None:
        actor = current_user._get_current_object()
        self.run_action(
            ids, lambda report: apply_action(name, report, actor, utcnow(), reason), DONE[name]
        )

    @action("pass", "Kiểm tra đạt", "Chuyển các báo cáo đã chọn lên lãnh đạo phê duyệt?")
    def action_pass(self, ids):
        self._apply(ids, "pass")

    @action("approve", "Phê duyệt và gửi cấp trên", "Phê duyệt các báo cáo đã chọn?")
    def action_approve(self, ids):
        self._apply(ids, "approve")

    @action("return", "Trả lại (ghi lý do)")
    def action_return(self, ids):
        # A return needs a reason: ask for it on a page of its own, then come back here.
        return self.render(
            "admin/report_return.html",
            ids=ids,
            reports=[r for r in (self.get_one_or_none(i) for i in ids) if r],
        )

    @expose("/return/", methods=("POST",))
    def return_view(self):
        ids = request.form.getlist("rowid")
        reason = request.form.get("reason", "").strip()
        if not reason:
            flash("Chưa trả lại: hãy ghi lý do trả lại để đơn vị biết cần sửa gì.", "error")
        else:
            self._apply(ids, "return", reason)
        return redirect(self.get_url(".index_view"))
