"""Password hashing (argon2id) and the password policy."""

import re

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from flask import current_app

DEFAULT_PASSWORD = "123456aA@"
MIN_LENGTH = 8
MAX_LENGTH = 256

# OWASP's argon2id minimum: 19 MiB of memory, 2 iterations, 1 lane.
OWASP_ARGON2 = {"time_cost": 2, "memory_cost": 19 * 1024, "parallelism": 1}


def init_app(app) -> None:
    """Build the app's password hasher from `ARGON2_PARAMS`."""
    app.extensions["password_hasher"] = PasswordHasher(**app.config["ARGON2_PARAMS"])


def _hasher() -> PasswordHasher:
    return current_app.extensions["password_hasher"]


def hash_password(password: str) -> str:
    """Return the argon2id hash of `password`."""
    return _hasher().hash(password)


def verify_password(password_hash: str, password: str) -> bool:
    """Tell whether `password` matches `password_hash`."""
    try:
        return _hasher().verify(password_hash, password)
    except (VerificationError, InvalidHashError):
        return False


def needs_rehash(password_hash: str) -> bool:
    """Tell whether the hash was made with other parameters than today's."""
    try:
        return _hasher().check_needs_rehash(password_hash)
    except InvalidHashError:
        return True


def policy_problems(password: str, username: str) -> list[str]:
    """List, in Vietnamese, every way `password` breaks the policy."""
    problems = []
    if len(password) < MIN_LENGTH:
        problems.append(f"Mật khẩu phải có ít nhất {MIN_LENGTH} ký tự.")
    if len(password) > MAX_LENGTH:
        problems.append(f"Mật khẩu không được dài quá {MAX_LENGTH} ký tự.")
    if not re.search(r"[A-Z]", password):
        problems.append("Mật khẩu phải có ít nhất một chữ in hoa (A–Z).")
    if not re.search(r"[a-z]", password):
        problems.append("Mật khẩu phải có ít nhất một chữ thường (a–z).")
    if not re.search(r"[0-9]", password):
        problems.append("Mật khẩu phải có ít nhất một chữ số (0–9).")
    if not re.search(r"[^A-Za-z0-9]", password):
        problems.append("Mật khẩu phải có ít nhất một ký hiệu, ví dụ @ # ! %.")
    if password == DEFAULT_PASSWORD:
        problems.append("Không được dùng lại mật khẩu mặc định.")
    if username and username.lower() in password.lower():
        problems.append("Mật khẩu không được chứa tên đăng nhập.")
    return problems
