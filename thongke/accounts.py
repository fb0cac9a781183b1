"""Account administration: create, edit, reset, lock, unlock, deactivate.

Each operation checks that the actor is an administrator, writes one audit row and flushes;
the caller commits.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select

from thongke.auth import USERNAME_PATTERN, normalize_username
from thongke.errors import ValidationFailed
from thongke.extensions import db
from thongke.models import ROLES, Account, Unit
from thongke.models.account import new_session_token
from thongke.models.audit import record
from thongke.passwords import DEFAULT_PASSWORD, hash_password
from thongke.scope import require_admin

# Communes and notary bodies have no checker (design §2).
ROLES_BY_LEVEL = {
    "so": ("bc", "kt", "ld"),
    "phong": ("bc", "kt", "ld"),
    "xa": ("bc", "ld"),
    "to_chuc_cc": ("bc", "ld"),
}
EDITABLE_FIELDS = ("unit", "role", "is_admin", "full_name", "position", "phone", "email")


def _check_role(unit: Unit, role: str, is_admin: bool) -> None:
    if role not in ROLES:
        raise ValidationFailed("Vai trò không hợp lệ: chọn bc, kt hoặc ld.", field="role")
    if role not in ROLES_BY_LEVEL.get(unit.level, ()):
        raise ValidationFailed(
            f"Đơn vị cấp “{unit.level_label}” không có vai trò “{ROLES[role]}”.", field="role"
        )
    if is_admin and unit.level != "so":
        raise ValidationFailed(
            "Chỉ tài khoản của Sở Tư pháp mới được làm quản trị viên.", field="is_admin"
        )


def _clean_text(value, limit: int, field: str) -> str | None:
    value = (value or "").strip()
    if len(value) > limit:
        raise ValidationFailed(f"Nội dung quá dài (tối đa {limit} ký tự).", field=field)
    if any(ord(ch) < 32 for ch in value):
        raise ValidationFailed("Nội dung có ký tự điều khiển không hợp lệ.", field=field)
    return value or None


def create_account(
    actor: Account,
    *,
    unit: Unit,
    username: str,
    role: str,
    now: datetime,
    is_admin: bool = False,
    full_name=None,
    position=None,
    phone=None,
    email=None,
) -> Account:
    """Create an account with the default password, to be changed at first sign-in."""
    require_admin(actor)
    return add_account(
        actor,
        unit=unit,
        username=username,
        role=role,
        now=now,
        is_admin=is_admin,
        full_name=full_name,
        position=position,
        phone=phone,
        email=email,
    )


def add_account(
    actor: Account | None,
    *,
    unit: Unit,
    username: str,
    role: str,
    now: datetime,
    is_admin: bool = False,
    full_name=None,
    position=None,
    phone=None,
    email=None,
    password_hash: str | None = None,
) -> Account:
    """Create an account without the administrator check: for `create_account` and the seed."""
    username = normalize_username(username)
    if not USERNAME_PATTERN.match(username):
        raise ValidationFailed(
            "Tên đăng nhập chỉ gồm chữ thường không dấu, chữ số, dấu gạch "
            "dưới (_), dấu chấm hoặc gạch ngang, tối đa 150 ký tự.",
            field="username",
        )
    if db.session.scalar(select(Account.id).where(Account.username == username)) is not None:
        raise ValidationFailed(f"Tên đăng nhập “{username}” đã có người dùng.", field="username")
    _check_role(unit, role, is_admin)
    account = Account(
        username=username,
        unit=unit,
        role=role,
        is_admin=is_admin,
        full_name=_clean_text(full_name, 150, "full_name"),
        position=_clean_text(position, 150, "position"),
        phone=_clean_text(phone, 30, "phone"),
        email=_clean_text(email, 150, "email"),
        password_hash=password_hash or hash_password(DEFAULT_PASSWORD),
        must_change_password=True,
        active=True,
        failed_logins=0,
        locked_by_admin=False,
        session_token=new_session_token(),
    )
    db.session.add(account)
    db.session.flush()
    record(db.session, "account_created", at=now, username=username, account=account, actor=actor)
    return account


def update_account(actor: Account, account: Account, changes: dict, *, now: datetime) -> None:
    """Apply `changes` (only EDITABLE_FIELDS) to an account."""
    require_admin(actor)
    unknown = set(changes) - set(EDITABLE_FIELDS)
    if unknown:
        raise ValidationFailed("Không được sửa trường: " + ", ".join(sorted(unknown)) + ".")
    unit = changes.get("unit", account.unit)
    if unit is None:
        raise ValidationFailed("Hãy chọn đơn vị của tài khoản.", field="unit")
    role = changes.get("role", account.role)
    is_admin = bool(changes.get("is_admin", account.is_admin))
    _check_role(unit, role, is_admin)
    if account.id == actor.id and not is_admin:
        raise ValidationFailed("Không thể tự bỏ quyền quản trị của chính mình.", field="is_admin")
    clean = {"unit": unit, "role": role, "is_admin": is_admin}
    for field, limit in (("full_name", 150), ("position", 150), ("phone", 30), ("email", 150)):
        if field in changes:
            clean[field] = _clean_text(changes[field], limit, field)
    changed = [f for f, v in clean.items() if getattr(account, f) != v]
    for field in changed:
        setattr(account, field, clean[field])
    if changed:
        record(
            db.session,
            "account_updated",
            at=now,
            username=account.username,
            account=account,
            actor=actor,
            detail="Sửa: " + ", ".join(changed),
        )
    db.session.flush()


def _refuse_self(actor: Account, account: Account, what: str) -> None:
    if actor.id == account.id:
        raise ValidationFailed(f"Không thể {what} tài khoản của chính mình.")


def _done(event: str, account: Account, actor: Account, now: datetime) -> None:
    record(db.session, event, at=now, username=account.username, account=account, actor=actor)
    db.session.flush()


def reset_password(actor: Account, account: Account, *, now: datetime) -> None:
    """Set the default password, require a change at next sign-in and end open sessions."""
    require_admin(actor)
    account.password_hash = hash_password(DEFAULT_PASSWORD)
    account.must_change_password = True
    account.session_token = new_session_token()
    account.clear_failures()
    _done("password_reset", account, actor, now)


def lock_account(actor: Account, account: Account, *, now: datetime) -> None:
    """Lock the account until an administrator unlocks it, ending open sessions."""
    require_admin(actor)
    _refuse_self(actor, account, "khóa")
    account.locked_by_admin = True
    account.session_token = new_session_token()
    _done("account_locked", account, actor, now)


def unlock_account(actor: Account, account: Account, *, now: datetime) -> None:
    """Lift both an administrator's lock and an automatic lock."""
    require_admin(actor)
    account.locked_by_admin = False
    account.clear_failures()
    _done("account_unlocked", account, actor, now)


def deactivate_account(actor: Account, account: Account, *, now: datetime) -> None:
    """Stop the account for good; its history stays."""
    require_admin(actor)
    _refuse_self(actor, account, "ngừng hoạt động")
    account.active = False
    account.session_token = new_session_token()
    _done("account_deactivated", account, actor, now)


def reactivate_account(actor: Account, account: Account, *, now: datetime) -> None:
    """Let a deactivated account sign in again, with the default password to change."""
    require_admin(actor)
    if account.active:
        raise ValidationFailed("Tài khoản này đang hoạt động.")
    account.active = True
    account.password_hash = hash_password(DEFAULT_PASSWORD)
    account.must_change_password = True
    account.session_token = new_session_token()
    account.clear_failures()
    _done("account_reactivated", account, actor, now)
