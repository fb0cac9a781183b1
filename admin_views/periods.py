"""Reporting periods in the admin panel: everyone reads, administrators open, set deadlines,
close and reopen."""

from flask import request
from flask_admin.actions import action
from flask_admin.helpers import get_form_data
from flask_login import current_user
from sqlalchemy import true

from admin_views.base import ScopedModelView
from forms.admin import PeriodCreateForm, PeriodDeadlinesForm
from thongke.clock import format_date, utcnow
from thongke.models import Form
from thongke.periods import (
    close_period,
    open_period,
    propose_forms,
    reopen_period,
    set_deadlines,
)

LEVEL_SHORT = {"xa": "xã", "phong": "huyện", "to_chuc_cc": "công chứng", "so": "Sở"}


def _deadlines(view, context, model, name) -> str:
    return ", ".join(
        f"{LEVEL_SHORT.get(level, level)} {format_date(model.deadline_for(level))}"
        for level in LEVEL_SHORT
        if model.deadline_for(level)
    )


def all_forms():
    return Form.query.order_by(Form.position)


class PeriodView(ScopedModelView):
    form = PeriodCreateForm
    column_list = ("name", "status", "deadlines", "forms")
    column_labels = {
        "name": "Kỳ báo cáo",
        "status": "Trạng thái",
        "deadlines": "Hạn gửi",
        "forms": "Biểu mẫu",
        "kind": "Loại kỳ",
        "year": "Năm",
    }
    column_default_sort = ("year", True)
    column_sortable_list = ("year", "status")
    column_formatters = {
        "name": lambda v, c, m, n: m.name,
        "status": lambda v, c, m, n: "Đang mở" if m.is_open else "Đã khóa sổ",
        "deadlines": _deadlines,
        "forms": lambda v, c, m, n: ", ".join(f.code.split("/")[0] for f in m.forms),
    }
    can_view_details = False
    scoped_relations = {"forms": all_forms}

    def scope_condition(self):
        return true()  # periods are the same for the whole province

    def edit_form(self, obj=None):
        form = PeriodDeadlinesForm(get_form_data(), obj=None)
        if obj is not None and request.method == "GET":
            for level in ("xa", "phong", "to_chuc_cc", "so"):
                getattr(form, f"deadline_{level}").data = obj.deadline_for(level)
        return form

    def create_record(self, form):
        forms = list(form.forms.data or []) or propose_forms(form.kind.data)
        deadlines = {k: v for k, v in form.deadlines().items() if v}
        return open_period(
            current_user, form.kind.data, form.year.data, forms, now=utcnow(), deadlines=deadlines
        )

    def update_record(self, form, model) -> None:
        set_deadlines(current_user, model, form.deadlines(), now=utcnow())

    def _apply(self, ids, operation, done: str) -> None:
        actor = current_user._get_current_object()
        self.run_action(ids, lambda period: operation(actor, period, now=utcnow()), done)

    @action("close", "Khóa sổ", "Khóa sổ các kỳ đã chọn? Sau đó không ai sửa được báo cáo.")
    def action_close(self, ids):
        self._apply(ids, close_period, "đã khóa sổ")

    @action("reopen", "Mở lại", "Mở lại các kỳ đã chọn?")
    def action_reopen(self, ids):
        self._apply(ids, reopen_period, "đã mở lại")
