"""Who sees which units: one's own unit and everything below it; admins see all."""

from sqlalchemy import true

from thongke.errors import PermissionDenied
from thongke.models.unit import Unit, subtree_ids

OUT_OF_SCOPE = "Bạn không có quyền xem hoặc thao tác trên dữ liệu của đơn vị này."
ADMIN_ONLY = "Chỉ quản trị viên hệ thống của Sở Tư pháp được thực hiện thao tác này."


def unit_filter(actor, unit_id_column):
    """Return a SQL condition keeping rows whose unit lies in the actor's scope."""
    if actor.is_admin:
        return true()
    return unit_id_column.in_(subtree_ids(actor.unit))


def can_see_unit(actor, unit: Unit) -> bool:
    """Tell whether `unit` lies in the actor's scope."""
    return actor.is_admin or actor.unit.contains(unit)


def require_admin(actor) -> None:
    """Refuse unless the actor is an active system administrator."""
    if actor is None or not actor.is_admin or not actor.active:
        raise PermissionDenied(ADMIN_ONLY)
