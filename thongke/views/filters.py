"""Jinja filters for Vietnamese dates and numbers."""

from jinja2 import StrictUndefined, Undefined

from thongke.clock import format_date, format_datetime
from thongke.entry import describe_cell, describe_event
from thongke.models import LEVELS, ROLES
from thongke.workflow import STATES

ACTION_BUTTONS = {"submit": "Gửi báo cáo", "pass": "Kiểm tra đạt", "approve": "Phê duyệt"}
ACTION_CONFIRM = {
    "submit": "Gửi báo cáo này? Sau khi gửi sẽ không sửa được số liệu.",
    "pass": "Xác nhận báo cáo đã kiểm tra đạt và chuyển lãnh đạo phê duyệt?",
    "approve": "Phê duyệt và gửi báo cáo này lên cấp trên?",
}


def format_number(value) -> str:
    """Format a number with '.' between thousands and ',' before decimals: 1.000.000,5."""
    if value is None or value == "":
        return ""
    text = f"{value:,}"
    return text.replace(",", "\x00").replace(".", ",").replace("\x00", ".")


def register(app) -> None:
    app.jinja_env.filters["datetime_vn"] = format_datetime
    app.jinja_env.filters["date_vn"] = format_date
    app.jinja_env.filters["number_vn"] = format_number
    app.jinja_env.globals["LEVELS"] = LEVELS
    app.jinja_env.globals["ROLES"] = ROLES
    app.jinja_env.globals["STATUS_LABELS"] = STATES
    app.jinja_env.globals["ACTION_BUTTONS"] = ACTION_BUTTONS
    app.jinja_env.globals["ACTION_CONFIRM"] = ACTION_CONFIRM
    app.jinja_env.globals["describe_cell"] = describe_cell
    app.jinja_env.globals["describe_event"] = describe_event


class ComparableStrictUndefined(StrictUndefined):
    """StrictUndefined that may still be compared with `==`.

    Flask-Admin's bootstrap4 `lib.html` tests `field.widget.input_type == 'checkbox'` on select
    widgets, which have no `input_type`; printing, iterating or testing an undefined value still
    raises.
    """

    def __eq__(self, other):
        return isinstance(other, Undefined)

    def __ne__(self, other):
        return not self.__eq__(other)

    __hash__ = StrictUndefined.__hash__
