"""User accounts: one login per person, attached to a unit with one role."""

from __future__ import annotations

import secrets
from datetime import datetime

from flask_login import UserMixin
from sqlalchemy import Boolean, DateTime, ForeignKey, Integer, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from thongke.extensions import db
from thongke.models.unit import Unit

ROLES = {
    "bc": "Chuyên viên tổng hợp số liệu",
    "kt": "Người kiểm tra báo cáo",
    "ld": "Lãnh đạo",
}


def new_session_token() -> str:
    return secrets.token_urlsafe(16)


class Account(UserMixin, db.Model):
    """A login; `session_token` changes with the password so old sessions end."""

    __tablename__ = "account"

    id: Mapped[int] = mapped_column(primary_key=True)
    username: Mapped[str] = mapped_column(String(150), unique=True)
    unit_id: Mapped[int] = mapped_column(ForeignKey("unit.id"), index=True)
    role: Mapped[str] = mapped_column(String(10))
    is_admin: Mapped[bool] = mapped_column(Boolean, default=False)
    full_name: Mapped[str | None] = mapped_column(String(150))
    position: Mapped[str | None] = mapped_column(String(150))
    phone: Mapped[str | None] = mapped_column(String(30))
    email: Mapped[str | None] = mapped_column(String(150))
    password_hash: Mapped[str] = mapped_column(String(255))
    must_change_password: Mapped[bool] = mapped_column(Boolean, default=True)
    failed_logins: Mapped[int] = mapped_column(Integer, default=0)
    first_failed_at: Mapped[datetime | None] = mapped_column(DateTime)
    locked_until: Mapped[datetime | None] = mapped_column(DateTime)
    locked_by_admin: Mapped[bool] = mapped_column(Boolean, default=False)
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    session_token: Mapped[str] = mapped_column(String(64), default=new_session_token)
    last_login_at: Mapped[datetime | None] = mapped_column(DateTime)

    unit: Mapped[Unit] = relationship()

    def __str__(self) -> str:
        return self.username

    def get_id(self) -> str:
        # The token makes a password change or reset end every other session.
        return f"{self.id}:{self.session_token}"

    @property
    def is_active(self) -> bool:
        return self.active

    @property
    def role_label(self) -> str:
        label = ROLES.get(self.role, self.role)
        return f"{label} (quản trị hệ thống)" if self.is_admin else label

    @property
    def display_name(self) -> str:
        return self.full_name or self.username

    def clear_failures(self) -> None:
        """Forget failed sign-ins and lift an automatic lock."""
        self.failed_logins = 0
        self.first_failed_at = None
        self.locked_until = None

    def is_locked(self, now: datetime) -> bool:
        return self.locked_by_admin or (self.locked_until is not None and self.locked_until > now)
