"""Append-only log of sign-ins and account administration."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import DateTime, ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from thongke.extensions import db

EVENTS = {
    "login": "Đăng nhập",
    "login_failed": "Đăng nhập sai",
    "lockout": "Tự động khóa do đăng nhập sai nhiều lần",
    "logout": "Đăng xuất",
    "password_changed": "Đổi mật khẩu",
    "password_reset": "Đặt lại mật khẩu mặc định",
    "account_locked": "Khóa tài khoản",
    "account_unlocked": "Mở khóa tài khoản",
    "account_deactivated": "Ngừng hoạt động tài khoản",
    "account_reactivated": "Kích hoạt lại tài khoản",
    "account_created": "Tạo tài khoản",
    "account_updated": "Sửa tài khoản",
    "unit_created": "Tạo đơn vị",
    "unit_updated": "Sửa đơn vị",
    "period_opened": "Mở kỳ báo cáo",
    "period_updated": "Sửa hạn gửi của kỳ báo cáo",
    "period_closed": "Khóa sổ kỳ báo cáo",
    "period_reopened": "Mở lại kỳ báo cáo",
    "catalog_imported": "Nạp biểu mẫu vào danh mục",
    "form_updated": "Sửa biểu mẫu",
    "token_created": "Tạo mã API",
    "token_revoked": "Thu hồi mã API",
}


class AuditEvent(db.Model):
    """One recorded event: what happened, to which login, by whom, from where."""

    __tablename__ = "audit_event"

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = mapped_column(DateTime, index=True)
    event: Mapped[str] = mapped_column(String(40), index=True)
    # The username as typed (cut to length), kept even when no such account exists.
    username: Mapped[str] = mapped_column(String(150), index=True)
    account_id: Mapped[int | None] = mapped_column(ForeignKey("account.id"), index=True)
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("account.id"))
    ip: Mapped[str | None] = mapped_column(String(64))
    detail: Mapped[str | None] = mapped_column(String(500))

    account = relationship("Account", foreign_keys=[account_id])
    actor = relationship("Account", foreign_keys=[actor_id])

    @property
    def event_label(self) -> str:
        return EVENTS.get(self.event, self.event)


def record(
    session,
    event: str,
    *,
    at: datetime,
    username: str,
    account=None,
    actor=None,
    ip: str | None = None,
    detail: str | None = None,
) -> AuditEvent:
    """Add one audit row to `session`; the caller's transaction commits it."""
    row = AuditEvent(
        at=at,
        event=event,
        username=(username or "")[:150],
        account_id=account.id if account is not None else None,
        actor_id=actor.id if actor is not None else None,
        ip=(ip or "")[:64] or None,
        detail=(detail or "")[:500] or None,
    )
    session.add(row)
    return row
