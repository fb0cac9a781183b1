"""Admin-panel forms for units and accounts.

They only carry the input: every rule (format, uniqueness, level, scope) is checked by the domain
operation the view calls, so the messages are the same on every write path.
"""

from datetime import date, datetime

from flask_admin.contrib.sqla.fields import QuerySelectField, QuerySelectMultipleField
from flask_admin.form import BaseForm as AdminBaseForm
from wtforms import BooleanField, IntegerField, SelectField, StringField
from wtforms.validators import NumberRange

from forms.i18n import VIETNAMESE
from thongke.catalog.model import PERIOD_KINDS
from thongke.models import LEVELS, ROLES


def _nothing():
    return []


class BaseForm(AdminBaseForm):
    """Admin forms whose WTForms messages are in Vietnamese."""

    class Meta:
        def get_translations(self, form):
            return VIETNAMESE


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


class VietnameseDateField(StringField):
    """A date typed as dd/mm/yyyy; empty means "not set"."""

    def process_formdata(self, valuelist):
        self.data = None
        text = (valuelist[0] if valuelist else "").strip()
        if not text:
            return
        try:
            self.data = datetime.strptime(text, "%d/%m/%Y").date()
        except ValueError as error:
            self.data = text
            raise ValueError("Ngày phải có dạng dd/mm/yyyy, ví dụ 20/01/2020.") from error

    def _value(self):
        if isinstance(self.data, date):
            return self.data.strftime("%d/%m/%Y")
        return self.data or ""


DEADLINE_FIELDS = {
    "xa": "Hạn gửi của UBND cấp xã",
    "phong": "Hạn gửi của Phòng Tư pháp",
    "to_chuc_cc": "Hạn gửi của tổ chức hành nghề công chứng",
    "so": "Hạn gửi của Sở Tư pháp (lên Bộ)",
}


class PeriodDeadlinesForm(BaseForm):
    deadline_xa = VietnameseDateField(DEADLINE_FIELDS["xa"])
    deadline_phong = VietnameseDateField(DEADLINE_FIELDS["phong"])
    deadline_to_chuc_cc = VietnameseDateField(DEADLINE_FIELDS["to_chuc_cc"])
    deadline_so = VietnameseDateField(DEADLINE_FIELDS["so"])

    def deadlines(self) -> dict:
        return {level: getattr(self, f"deadline_{level}").data for level in DEADLINE_FIELDS}


class PeriodCreateForm(PeriodDeadlinesForm):
    kind = SelectField("Loại kỳ", choices=list(PERIOD_KINDS.items()))
    year = IntegerField("Năm", validators=[NumberRange(2000, 2100, "Năm từ 2000 đến 2100.")])
    forms = QuerySelectMultipleField(
        "Biểu mẫu thu trong kỳ",
        query_factory=_nothing,
        description="Để trống: dùng các biểu hợp với loại kỳ và cơ cấu đơn vị hiện tại.",
    )
