"""Flask-Admin views: built inside the app factory by `build_admin`."""

import os

from flask_admin import Admin
from flask_admin import babel as flask_admin_babel
from flask_admin.theme import Bootstrap4Theme

from admin_views.accounts import AccountView
from admin_views.audit import AuditEventView
from admin_views.base import HomeIndexView
from admin_views.catalog import CatalogView
from admin_views.periods import PeriodView
from admin_views.reports import ReportView
from admin_views.units import UnitView
from thongke.extensions import db
from thongke.models import Account, AuditEvent, Form, Period, Report, Unit

TRANSLATIONS = os.path.join(
    os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "translations"
)


def _prefer_our_wording() -> None:
    # Flask-Admin reads its own catalog after any catalog given to Admin(), so ours would lose;
    # added after its own directory, our few corrections ("dòng", not "mặt hàng") win.
    directories = flask_admin_babel.domain._translation_directories
    if TRANSLATIONS not in directories:
        directories.append(TRANSLATIONS)


def build_admin(app) -> Admin:
    """Create the admin panel and its views for `app`."""
    _prefer_our_wording()
    admin = Admin(
        app,
        name="Thống kê Tư pháp",
        index_view=HomeIndexView(name="Tổng quan", url="/admin"),
        theme=Bootstrap4Theme(base_template="admin/thongke_master.html", fluid=True),
    )
    admin.add_view(ReportView(Report, db, name="Báo cáo", endpoint="report"))
    admin.add_view(PeriodView(Period, db, name="Kỳ báo cáo", endpoint="period"))
    admin.add_view(UnitView(Unit, db, name="Đơn vị", endpoint="unit"))
    admin.add_view(AccountView(Account, db, name="Tài khoản", endpoint="account"))
    admin.add_view(CatalogView(Form, db, name="Biểu mẫu", endpoint="catalog"))
    admin.add_view(AuditEventView(AuditEvent, db, name="Nhật ký", endpoint="auditevent"))
    return admin
