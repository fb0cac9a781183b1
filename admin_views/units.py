"""Units in the admin panel: everyone reads their subtree, administrators edit."""

from flask_admin.contrib.sqla.filters import BooleanEqualFilter, FilterEqual, IntEqualFilter
from flask_login import current_user
from sqlalchemy import select

from admin_views.base import ScopedModelView
from forms.admin import UnitAdminForm
from thongke.clock import utcnow
from thongke.extensions import db
from thongke.models import LEVELS, Unit
from thongke.scope import unit_filter
from thongke.units import EDITABLE_FIELDS, create_unit, update_unit


def units_in_scope():
    """Return the query of units the signed-in user may see, by name."""
    if not current_user or not current_user.is_authenticated:
        return Unit.query.filter(False)
    return Unit.query.filter(unit_filter(current_user, Unit.id)).order_by(Unit.path)


def unit_options(levels: tuple[str, ...] | None = None) -> list[tuple[int, str]]:
    """List (id, name) of the units in the signed-in user's scope, for filter menus.

    Flask-Admin also asks once at start-up, outside any request: then there is nobody to
    scope for, and the list is empty.
    """
    if not current_user or not current_user.is_authenticated:
        return []
    query = select(Unit.id, Unit.name).where(unit_filter(current_user, Unit.id))
    if levels:
        query = query.where(Unit.level.in_(levels))
    return [(row.id, row.name) for row in db.session.execute(query.order_by(Unit.path))]


def parent_options():
    """The units in scope that have units below them, for the parent filter."""
    return unit_options(("so", "phong"))


class UnitView(ScopedModelView):
    details_template = "admin/unit_details.html"
    column_list = ("name", "level", "code", "admin_code", "parent", "active", "not_using_software")
    column_details_list = column_list
    column_labels = {
        "name": "Tên đơn vị",
        "level": "Cấp",
        "code": "Mã tài khoản",
        "admin_code": "Mã ĐVHC",
        "parent": "Trực thuộc",
        "active": "Đang hoạt động",
        "not_using_software": "Chưa sử dụng phần mềm",
    }
    column_searchable_list = ("name", "code", "admin_code")
    column_default_sort = "path"
    column_sortable_list = ("name", "level", "code", "admin_code", "active")
    column_filters = (
        FilterEqual(Unit.level, "Cấp", options=tuple(LEVELS.items())),
        IntEqualFilter(Unit.parent_id, "Trực thuộc", options=parent_options),
        BooleanEqualFilter(Unit.active, "Đang hoạt động"),
        BooleanEqualFilter(Unit.not_using_software, "Chưa sử dụng phần mềm"),
    )
    column_formatters = {"level": lambda view, context, model, name: model.level_label}
    column_formatters_export = column_formatters
    can_export = True
    export_types = ("csv", "xlsx")
    form = UnitAdminForm
    scoped_relations = {"parent": units_in_scope}

    def scope_condition(self):
        return unit_filter(current_user, Unit.id)

    def create_record(self, form):
        values = {name: getattr(form, name).data for name in EDITABLE_FIELDS}
        return create_unit(current_user, now=utcnow(), **values)

    def update_record(self, form, model) -> None:
        changes = {name: getattr(form, name).data for name in EDITABLE_FIELDS}
        update_unit(current_user, model, changes, now=utcnow())
