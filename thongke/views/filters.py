"""Jinja filters for Vietnamese dates and numbers."""

from jinja2 import StrictUndefined, Undefined

from thongke.clock import format_date, format_datetime
from thongke.entry import describe_cell
from thongke.models import LEVELS, ROLES

STATUS_LABELS = {
    "dang_nhap": "Đang nhập",
    "cho_kiem_tra": "Chờ kiểm tra",
    "cho_phe_duyet": "Chờ phê duyệt",
    "da_gui": "Đã gửi cấp trên",
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
    app.jinja_env.globals["STATUS_LABELS"] = STATUS_LABELS
    app.jinja_env.globals["describe_cell"] = describe_cell


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
