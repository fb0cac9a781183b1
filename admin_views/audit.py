"""The audit log in the admin panel: administrators only, read-only."""

from flask_admin.contrib.sqla.filters import FilterEqual, FilterLike
from flask_login import current_user
from sqlalchemy import false, true

from admin_views.base import ScopedModelView
from thongke.clock import format_datetime
from thongke.models import AuditEvent
from thongke.models.audit import EVENTS


class AuditEventView(ScopedModelView):
    can_view_details = False
    column_list = ("at", "event", "username", "actor", "ip", "detail")
    column_labels = {
        "at": "Thời điểm",
        "event": "Sự kiện",
        "username": "Tài khoản",
        "actor": "Người thực hiện",
        "ip": "Địa chỉ IP",
        "detail": "Chi tiết",
    }
    column_default_sort = ("at", True)
    column_sortable_list = ("at", "event", "username")
    column_filters = (
        FilterEqual(AuditEvent.event, "Sự kiện", options=tuple(EVENTS.items())),
        FilterLike(AuditEvent.username, "Tài khoản"),
    )
    column_formatters = {
        "at": lambda view, context, model, name: format_datetime(model.at),
        "event": lambda view, context, model, name: model.event_label,
    }

    @property
    def can_create(self) -> bool:
        return False

    @property
    def can_edit(self) -> bool:
        return False

    def is_accessible(self) -> bool:
        return super().is_accessible() and current_user.is_admin

    def scope_condition(self):
        return true() if current_user.is_admin else false()
