"""Flask-Admin views: built inside the app factory by `build_admin`."""

from flask_admin import Admin
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


def build_admin(app) -> Admin:
    """Create the admin panel and its views for `app`."""
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
