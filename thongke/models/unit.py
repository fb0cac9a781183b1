"""Units of the reporting tree (Sở, Phòng, xã, other bodies) and their scope."""

from __future__ import annotations

from sqlalchemy import Boolean, ForeignKey, Index, String, select
from sqlalchemy.orm import Mapped, mapped_column, relationship

from thongke.extensions import db

LEVELS = {
    "so": "Sở Tư pháp",
    "phong": "Phòng Tư pháp",
    "xa": "UBND cấp xã",
    "to_chuc_cc": "Tổ chức hành nghề công chứng",
}


class Unit(db.Model):
    """A reporting unit; `path` lists the ids from the root so subtrees are one prefix query."""

    __tablename__ = "unit"
    __table_args__ = (Index("ix_unit_path", "path"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(80), unique=True)
    admin_code: Mapped[str | None] = mapped_column(String(20), unique=True)
    name: Mapped[str] = mapped_column(String(255))
    level: Mapped[str] = mapped_column(String(20), index=True)
    parent_id: Mapped[int | None] = mapped_column(ForeignKey("unit.id"), index=True)
    path: Mapped[str] = mapped_column(String(255), default="")
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    not_using_software: Mapped[bool] = mapped_column(Boolean, default=False)

    parent: Mapped[Unit | None] = relationship(remote_side=[id], back_populates="children")
    children: Mapped[list[Unit]] = relationship(back_populates="parent", order_by="Unit.name")

    def __str__(self) -> str:
        return self.name

    @property
    def level_label(self) -> str:
        return LEVELS.get(self.level, self.level)

    def ancestors(self) -> list[Unit]:
        """Return the units above this one, root first."""
        chain, node = [], self.parent
        while node is not None:
            chain.append(node)
            node = node.parent
        return list(reversed(chain))

    def contains(self, other: Unit) -> bool:
        """Tell whether `other` is this unit or lies below it."""
        return bool(self.path) and other.path.startswith(self.path)

    def refresh_path(self) -> None:
        """Recompute this unit's path from its parent; the id must be flushed already."""
        prefix = self.parent.path if self.parent is not None else "/"
        self.path = f"{prefix}{self.id}/"


def subtree_ids(root: Unit):
    """Return a select of the ids of `root` and every unit below it."""
    return select(Unit.id).where(Unit.path.startswith(root.path, autoescape=True))
