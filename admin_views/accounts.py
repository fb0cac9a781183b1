"""Accounts in the admin panel: everyone reads their subtree, administrators manage."""

from flask_admin.actions import action
from flask_admin.contrib.sqla.filters import BaseSQLAFilter, FilterEqual, IntEqualFilter
from flask_login import current_user
from sqlalchemy import and_, or_

from admin_views.base import ScopedModelView
from admin_views.units import unit_options, units_in_scope
from forms.admin import AccountAdminForm
from thongke.accounts import (
    EDITABLE_FIELDS,
    create_account,
    deactivate_account,
    lock_account,
    reactivate_account,
    reset_password,
    unlock_account,
    update_account,
)
from thongke.clock import format_datetime, utcnow
from thongke.models import ROLES, Account
from thongke.scope import unit_filter

STATUSES = {
    "active": "Đang hoạt động",
    "locked": "Đang bị khóa",
    "must_change": "Chưa đổi mật khẩu mặc định",
    "inactive": "Ngừng hoạt động",
}


class AccountStatusFilter(BaseSQLAFilter):
    """Filter accounts by what a person can do with them now."""

    def apply(self, query, value, alias=None):
        now = utcnow()
        locked = or_(Account.locked_by_admin, Account.locked_until > now)
        conditions = {
            "active": and_(Account.active, ~locked),
            "locked": and_(Account.active, locked),
            "must_change": and_(Account.active, Account.must_change_password),
            "inactive": ~Account.active,
        }
        return query.filter(conditions.get(value, Account.id.is_(None)))

    def operation(self):
        return "là"


def _status(view, context, model, name) -> str:
    if not model.active:
        return STATUSES["inactive"]
    if model.is_locked(utcnow()):
        return STATUSES["locked"]
    return STATUSES["must_change"] if model.must_change_password else STATUSES["active"]


class AccountView(ScopedModelView):
    column_list = ("username", "full_name", "unit", "role", "is_admin", "status", "last_login_at")
    column_details_list = (
        "username",
        "full_name",
        "position",
        "phone",
        "email",
        "unit",
        "role",
        "is_admin",
        "status",
        "last_login_at",
    )
    column_labels = {
        "username": "Tên đăng nhập",
        "full_name": "Họ tên",
        "position": "Chức vụ",
        "phone": "Điện thoại",
        "email": "Thư điện tử",
        "unit": "Đơn vị",
        "role": "Vai trò",
        "is_admin": "Quản trị hệ thống",
        "status": "Trạng thái",
        "last_login_at": "Đăng nhập gần nhất",
    }
    column_searchable_list = ("username", "full_name", "email")
    column_sortable_list = ("username", "full_name", "role", "last_login_at")
    column_default_sort = "username"
    column_filters = (
        IntEqualFilter(Account.unit_id, "Đơn vị", options=unit_options),
        FilterEqual(Account.role, "Vai trò", options=tuple(ROLES.items())),
        AccountStatusFilter(Account.id, "Trạng thái", options=tuple(STATUSES.items())),
    )
    column_formatters = {
        "role": lambda view, context, model, name: ROLES.get(model.role, model.role),
        "status": _status,
        "last_login_at": lambda view, context, model, name: format_datetime(model.last_login_at),
    }
    column_formatters_export = column_formatters
    can_export = True
    export_types = ("csv", "xlsx")
    form = AccountAdminForm
    scoped_relations = {"unit": units_in_scope}

    def scope_condition(self):
        return unit_filter(current_user, Account.unit_id)

    def edit_form(self, obj=None):
        form = super().edit_form(obj)
        del form.username  # the login never changes: units publish it to their staff
        return form

    def create_record(self, form):
        values = {name: getattr(form, name).data for name in EDITABLE_FIELDS}
        return create_account(current_user, username=form.username.data, now=utcnow(), **values)

    def update_record(self, form, model) -> None:
        changes = {name: getattr(form, name).data for name in EDITABLE_FIELDS}
        update_account(current_user, model, changes, now=utcnow())

    def _apply(self, ids, operation, done: str) -> None:
        actor = current_user._get_current_object()
        self.run_action(ids, lambda account: operation(actor, account, now=utcnow()), done)

    @action(
        "reset_password",
        "Đặt lại mật khẩu mặc định",
        "Đặt lại mật khẩu mặc định (123456aA@) cho các tài khoản đã chọn?",
    )
    def action_reset_password(self, ids):
        self._apply(ids, reset_password, "đã đặt lại mật khẩu mặc định")

    @action("lock", "Khóa", "Khóa các tài khoản đã chọn? Họ sẽ bị đăng xuất ngay.")
    def action_lock(self, ids):
        self._apply(ids, lock_account, "đã khóa")

    @action("unlock", "Mở khóa", "Mở khóa các tài khoản đã chọn?")
    def action_unlock(self, ids):
        self._apply(ids, unlock_account, "đã mở khóa")

    @action(
        "deactivate",
        "Ngừng hoạt động",
        "Ngừng hoạt động các tài khoản đã chọn? Họ sẽ không đăng nhập được nữa.",
    )
    def action_deactivate(self, ids):
        self._apply(ids, deactivate_account, "đã ngừng hoạt động")

    @action(
        "reactivate",
        "Kích hoạt lại",
        "Kích hoạt lại các tài khoản đã chọn? Họ đăng nhập bằng mật khẩu mặc định và phải đổi.",
    )
    def action_reactivate(self, ids):
        self._apply(ids, reactivate_account, "đã kích hoạt lại (mật khẩu mặc định)")
