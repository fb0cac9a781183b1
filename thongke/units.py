"""Unit administration: create and edit units, keeping every subtree path right.

Each operation checks that the actor is an administrator, writes one audit row and flushes;
the caller commits.
"""

from __future__ import annotations

import re
from datetime import datetime

from sqlalchemy import func, select, update

from thongke.errors import ValidationFailed
from thongke.extensions import db
from thongke.models import LEVELS, Unit
from thongke.models.audit import record
from thongke.scope import require_admin

# The level a unit's parent may have; None means the unit is a root (design §1: since 2025
# communes may hang straight under the Sở).
PARENT_LEVELS = {
    "so": (None,),
    "phong": ("so",),
    "xa": ("phong", "so"),
    "to_chuc_cc": ("so",),
}
CODE_PATTERN = re.compile(r"^[a-z0-9_]{2,80}$")
EDITABLE_FIELDS = ("name", "code", "admin_code", "level", "parent", "active", "not_using_software")


def _validate(unit_id: int | None, values: dict) -> None:
    name = (values.get("name") or "").strip()
    if not name or len(name) > 255:
        raise ValidationFailed("Hãy nhập tên đơn vị (tối đa 255 ký tự).", field="name")
    if any(ord(ch) < 32 for ch in name):
        raise ValidationFailed("Tên đơn vị có ký tự điều khiển không hợp lệ.", field="name")
    values["name"] = name
    code = (values.get("code") or "").strip().lower()
    if not CODE_PATTERN.match(code):
        raise ValidationFailed(
            "Mã tài khoản chỉ gồm chữ thường không dấu, chữ số và dấu gạch "
            "dưới, từ 2 đến 80 ký tự.",
            field="code",
        )
    values["code"] = code
    clash = db.session.scalar(select(Unit.id).where(Unit.code == code, Unit.id != unit_id))
    if clash is not None:
        raise ValidationFailed(f"Mã tài khoản “{code}” đã thuộc đơn vị khác.", field="code")
    admin_code = (values.get("admin_code") or "").strip() or None
    if admin_code is not None:
        if not admin_code.isdigit() or len(admin_code) > 20:
            raise ValidationFailed("Mã đơn vị hành chính chỉ gồm chữ số.", field="admin_code")
        clash = db.session.scalar(
            select(Unit.id).where(Unit.admin_code == admin_code, Unit.id != unit_id)
        )
        if clash is not None:
            raise ValidationFailed(
                f"Mã đơn vị hành chính “{admin_code}” đã có.", field="admin_code"
            )
    values["admin_code"] = admin_code
    level = values.get("level")
    if level not in LEVELS:
        raise ValidationFailed("Hãy chọn cấp đơn vị.", field="level")
    parent = values.get("parent")
    parent_level = parent.level if parent is not None else None
    if parent_level not in PARENT_LEVELS[level]:
        allowed = ", ".join(
            LEVELS[p] if p else "không có (đơn vị gốc)" for p in PARENT_LEVELS[level]
        )
        raise ValidationFailed(
            f"Đơn vị cấp “{LEVELS[level]}” phải trực thuộc: {allowed}.", field="parent"
        )


def create_unit(actor, *, now: datetime, **values) -> Unit:
    """Create a unit under its parent."""
    require_admin(actor)
    return add_unit(actor, now=now, **values)


def add_unit(actor, *, now: datetime, **values) -> Unit:
    """Create a unit without the administrator check: for `create_unit` and the seed only."""
    values = {k: values.get(k) for k in EDITABLE_FIELDS}
    _validate(None, values)
    unit = Unit(
        name=values["name"],
        code=values["code"],
        admin_code=values["admin_code"],
        level=values["level"],
        parent=values["parent"],
        active=values["active"] is not False,  # a unit is active unless told otherwise
        not_using_software=bool(values["not_using_software"]),
    )
    db.session.add(unit)
    db.session.flush()
    unit.refresh_path()
    record(
        db.session,
        "unit_created",
        at=now,
        username=actor.username if actor else "hệ thống",
        actor=actor,
        detail=f"{unit.code}: {unit.name}",
    )
    db.session.flush()
    return unit


def update_unit(actor, unit: Unit, changes: dict, *, now: datetime) -> None:
    """Apply `changes` to a unit; moving it re-roots its whole subtree."""
    require_admin(actor)
    unknown = set(changes) - set(EDITABLE_FIELDS)
    if unknown:
        raise ValidationFailed("Không được sửa trường: " + ", ".join(sorted(unknown)) + ".")
    values = {k: changes.get(k, getattr(unit, k)) for k in EDITABLE_FIELDS}
    _validate(unit.id, values)
    new_parent = values["parent"]
    if new_parent is not None and unit.contains(new_parent):
        raise ValidationFailed(
            "Không thể chuyển đơn vị vào chính nó hoặc đơn vị cấp dưới của nó.", field="parent"
        )
    changed = [f for f in EDITABLE_FIELDS if getattr(unit, f) != values[f]]
    old_path = unit.path
    for field in changed:
        setattr(unit, field, values[field])
    if "parent" in changed:
        db.session.flush()
        unit.refresh_path()
        # Re-root descendants in one statement: their path keeps its tail below this unit.
        db.session.execute(
            update(Unit)
            .where(Unit.path.startswith(old_path, autoescape=True), Unit.id != unit.id)
            .values(path=unit.path + func.substr(Unit.path, len(old_path) + 1))
            .execution_options(synchronize_session="fetch")
        )
    if changed:
        record(
            db.session,
            "unit_updated",
            at=now,
            username=actor.username,
            actor=actor,
            detail=f"{unit.code}: sửa " + ", ".join(changed),
        )
    db.session.flush()
