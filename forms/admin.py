"""Admin-panel forms for units and accounts.

They only carry the input: every rule (format, uniqueness, level, scope) is checked by the domain
operation the view calls, so the messages are the same on every write path.
"""

from flask_admin.contrib.sqla.fields import QuerySelectField
from flask_admin.form import BaseForm
from wtforms import BooleanField, SelectField, StringField

from thongke.models import LEVELS, ROLES


def _nothing():
    return []


class UnitAdminForm(BaseForm):
    name = StringField("Tên đơn vị")
    code = StringField("Mã tài khoản", description="Chữ thường không dấu, ví dụ huyenxinman_thg.")
    admin_code = StringField("Mã ĐVHC", description="Mã đơn vị hành chính (chỉ gồm chữ số).")
    level = SelectField("Cấp", choices=list(LEVELS.items()))
    parent = QuerySelectField(
        "Trực thuộc", query_factory=_nothing, allow_blank=True, blank_text="(không có: đơn vị gốc)"
    )
    active = BooleanField("Đang hoạt động", default=True)
    not_using_software = BooleanField(
        "Chưa sử dụng phần mềm",
        description="Đơn vị cấp trên nhập và phê duyệt báo cáo thay cho đơn vị này.",
    )


class AccountAdminForm(BaseForm):
    username = StringField("Tên đăng nhập", description="Theo quy ước {mã tài khoản}_{bc|kt|ld}.")
    unit = QuerySelectField(
        "Đơn vị", query_factory=_nothing, allow_blank=True, blank_text="(chọn đơn vị)"
    )
    role = SelectField("Vai trò", choices=list(ROLES.items()))
    is_admin = BooleanField("Quản trị hệ thống")
    full_name = StringField("Họ tên")
    position = StringField("Chức vụ")
    phone = StringField("Điện thoại")
    email = StringField("Thư điện tử")
