"""Sign-in, lockout and password change, as plain functions over the session.

`authenticate` writes its failures (counter, lock, audit row) even when the sign-in is refused,
so the caller commits in both cases.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import select

from thongke.errors import ValidationFailed
from thongke.extensions import db
from thongke.models import Account
from thongke.models.account import new_session_token
from thongke.models.audit import record
from thongke.passwords import hash_password, needs_rehash, policy_problems, verify_password

MAX_FAILURES = 5
FAILURE_WINDOW = timedelta(minutes=15)
LOCK_DURATION = timedelta(minutes=15)
USERNAME_PATTERN = re.compile(r"^[a-z0-9_.-]{1,150}$")

# One message for a wrong username, a wrong password and a temporary lock, so that nobody
# learns which usernames exist.
GENERIC_FAILURE = (
    "Tên đăng nhập hoặc mật khẩu không đúng, hoặc tài khoản đang tạm khóa. Nhập sai "
    f"{MAX_FAILURES} lần trong 15 phút thì tài khoản bị khóa 15 phút. Quên mật khẩu: "
    "hãy liên hệ quản trị viên Sở Tư pháp để đặt lại."
)
DEACTIVATED = "Tài khoản này đã ngừng hoạt động. Hãy liên hệ quản trị viên Sở Tư pháp."
UNIT_INACTIVE = (
    "Đơn vị của tài khoản này đã ngừng hoạt động (sáp nhập, giải thể). Hãy liên hệ "
    "quản trị viên Sở Tư pháp để được cấp tài khoản của đơn vị mới."
)
LOCKED_BY_ADMIN = "Tài khoản này đang bị quản trị viên khóa. Hãy liên hệ quản trị viên Sở Tư pháp."

_dummy_hash: dict[str, str] = {}


@dataclass
class LoginOutcome:
    account: Account | None
    message: str | None = None

    @property
    def ok(self) -> bool:
        return self.message is None


def normalize_username(raw: str) -> str:
    return (raw or "").strip().lower()


def find_account(username: str) -> Account | None:
    return db.session.scalar(select(Account).where(Account.username == username))


def _burn_time(password: str) -> None:
    # Verify against a throwaway hash so an unknown username costs as much time as a known one.
    if "hash" not in _dummy_hash:
        _dummy_hash["hash"] = hash_password("không-phải-mật-khẩu")
    verify_password(_dummy_hash["hash"], password)


def _count_failure(account: Account, now: datetime, ip: str | None) -> None:
    if account.first_failed_at is None or now - account.first_failed_at > FAILURE_WINDOW:
        account.first_failed_at = now
        account.failed_logins = 0
    account.failed_logins += 1
    record(db.session, "login_failed", at=now, username=account.username, account=account, ip=ip)
    if account.failed_logins >= MAX_FAILURES:
        account.locked_until = now + LOCK_DURATION
        account.failed_logins = 0
        account.first_failed_at = None
        record(
            db.session,
            "lockout",
            at=now,
            username=account.username,
            account=account,
            ip=ip,
            detail=f"Khóa đến {account.locked_until:%d/%m/%Y %H:%M} (UTC)",
        )


def _refuse(username: str, account: Account | None, ip, now, why: str, message: str):
    record(
        db.session, "login_failed", at=now, username=username, account=account, ip=ip, detail=why
    )
    return LoginOutcome(None, message)


def authenticate(username: str, password: str, *, ip: str | None, now: datetime) -> LoginOutcome:
    """Check a sign-in attempt, count failures, lock after too many, and record it."""
    username = normalize_username(username)
    account = find_account(username)
    if account is None:
        _burn_time(password)
        return _refuse(username, None, ip, now, "Không có tài khoản này", GENERIC_FAILURE)
    if account.locked_until is not None and account.locked_until > now:
        _burn_time(password)
        return _refuse(username, account, ip, now, "Tài khoản đang tạm khóa", GENERIC_FAILURE)
    if not verify_password(account.password_hash, password):
        _count_failure(account, now, ip)
        return LoginOutcome(None, GENERIC_FAILURE)
    # The password is right: from here on the person may be told the account's real state.
    if not account.active:
        return _refuse(username, account, ip, now, "Tài khoản đã ngừng hoạt động", DEACTIVATED)
    if not account.unit.active:
        return _refuse(username, account, ip, now, "Đơn vị đã ngừng hoạt động", UNIT_INACTIVE)
    if account.locked_by_admin:
        return _refuse(
            username, account, ip, now, "Tài khoản bị quản trị viên khóa", LOCKED_BY_ADMIN
        )
    account.clear_failures()
    account.last_login_at = now
    if needs_rehash(account.password_hash):
        account.password_hash = hash_password(password)
    record(db.session, "login", at=now, username=username, account=account, ip=ip)
    return LoginOutcome(account)


def change_password(
    account: Account, current: str, new: str, confirm: str, *, ip: str | None, now: datetime
) -> None:
    """Replace the account's password after checking the current one and the policy."""
    if not verify_password(account.password_hash, current):
        raise ValidationFailed("Mật khẩu hiện tại không đúng.", field="current_password")
    if new != confirm:
        raise ValidationFailed("Mật khẩu nhập lại không khớp với mật khẩu mới.", field="confirm")
    problems = policy_problems(new, account.username)
    if new == current and not problems:
        problems.append("Mật khẩu mới phải khác mật khẩu hiện tại.")
    if problems:
        raise ValidationFailed(" ".join(problems), field="new_password")
    account.password_hash = hash_password(new)
    account.must_change_password = False
    account.session_token = new_session_token()
    record(
        db.session,
        "password_changed",
        at=now,
        username=account.username,
        account=account,
        actor=account,
        ip=ip,
    )
    db.session.flush()


def record_logout(account: Account, *, ip: str | None, now: datetime) -> None:
    """Write the sign-out to the audit log."""
    record(
        db.session,
        "logout",
        at=now,
        username=account.username,
        account=account,
        actor=account,
        ip=ip,
    )
