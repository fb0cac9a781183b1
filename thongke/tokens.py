"""API tokens: create, revoke, and find the account a request's token acts for."""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select

from thongke.errors import PermissionDenied, ValidationFailed
from thongke.extensions import db
from thongke.models import Account
from thongke.models.audit import record
from thongke.models.token import ApiToken

TOKEN_PREFIX = "tk_"
MAX_ACTIVE = 10


def _digest(raw: str) -> str:
    return hashlib.sha256(raw.encode("utf-8")).hexdigest()


def _may_manage(actor: Account, account: Account) -> None:
    if actor.id != account.id and not actor.is_admin:
        raise PermissionDenied("Chỉ chủ tài khoản hoặc quản trị viên được quản lý mã API.")


def create_token(actor: Account, account: Account, name: str, *, now: datetime):
    """Make a token for `account`; return (record, the token text, shown only this once)."""
    _may_manage(actor, account)
    name = (name or "").strip()
    if not name or len(name) > 100 or any(ord(ch) < 32 for ch in name):
        raise ValidationFailed(
            "Hãy đặt tên cho mã API (tối đa 100 ký tự), ví dụ “Bảng điều khiển của tỉnh”.",
            field="name",
        )
    active = db.session.scalars(
        select(ApiToken).where(ApiToken.account_id == account.id, ApiToken.revoked_at.is_(None))
    ).all()
    if len(active) >= MAX_ACTIVE:
        raise ValidationFailed(
            f"Mỗi tài khoản có tối đa {MAX_ACTIVE} mã API đang dùng; hãy "
            "thu hồi mã không dùng nữa.",
            field="name",
        )
    raw = TOKEN_PREFIX + secrets.token_urlsafe(32)
    token = ApiToken(
        account_id=account.id, name=name, token_hash=_digest(raw), prefix=raw[:10], created_at=now
    )
    db.session.add(token)
    record(
        db.session,
        "token_created",
        at=now,
        username=account.username,
        account=account,
        actor=actor,
        detail=f"{name} ({token.prefix}…)",
    )
    db.session.flush()
    return token, raw


def revoke_token(actor: Account, token: ApiToken, *, now: datetime) -> None:
    """Stop a token from working, for good."""
    _may_manage(actor, token.account)
    if token.revoked_at is None:
        token.revoked_at = now
        record(
            db.session,
            "token_revoked",
            at=now,
            username=token.account.username,
            account=token.account,
            actor=actor,
            detail=f"{token.name} ({token.prefix}…)",
        )
    db.session.flush()


@dataclass
class TokenCheck:
    account: Account | None
    status: int = 200
    message: str = ""


def account_for_token(raw: str | None, *, now: datetime) -> TokenCheck:
    """Find who a bearer token acts for, refusing revoked tokens and unusable accounts."""
    if not raw:
        return TokenCheck(None, 401, "Thiếu mã API: gửi tiêu đề “Authorization: Bearer <mã>”.")
    token = db.session.scalar(select(ApiToken).where(ApiToken.token_hash == _digest(raw)))
    if token is None or token.revoked_at is not None:
        return TokenCheck(None, 401, "Mã API không hợp lệ hoặc đã bị thu hồi.")
    account = token.account
    if not account.active:
        return TokenCheck(None, 403, "Tài khoản của mã API này đã ngừng hoạt động.")
    if not account.unit.active:
        return TokenCheck(None, 403, "Đơn vị của tài khoản này đã ngừng hoạt động.")
    if account.is_locked(now):
        return TokenCheck(None, 403, "Tài khoản của mã API này đang bị khóa.")
    if account.must_change_password:
        return TokenCheck(
            None, 403, "Tài khoản phải đổi mật khẩu mặc định trên trang web trước khi dùng API."
        )
    token.last_used_at = now
    return TokenCheck(account)
