"""Session loading, the forced password change, and where redirects may go."""

from urllib.parse import urlsplit

from flask import redirect, request, url_for
from flask_login import current_user

from thongke.extensions import db
from thongke.models import Account

# Pages a user who must still change the default password may open.
OPEN_DURING_FORCED_CHANGE = {"auth.change_password", "auth.logout", "static", "admin.static"}


def load_account(session_id: str) -> Account | None:
    """Return the signed-in account, or None when its session is no longer valid."""
    id_part, _, token = (session_id or "").partition(":")
    if not id_part.isdigit():
        return None
    account = db.session.get(Account, int(id_part))
    if account is None or account.session_token != token:
        return None
    if not account.active or account.locked_by_admin or not account.unit.active:
        return None
    return account


def safe_next(target: str | None) -> str | None:
    """Return `target` when it is a path on this site, else None."""
    if not target or not target.startswith("/") or target.startswith(("//", "/\\")):
        return None
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or any(ord(ch) < 32 for ch in target):
        return None
    return target


def client_ip() -> str | None:
    return request.remote_addr


def init_security(app, login_manager) -> None:
    login_manager.init_app(app)
    login_manager.login_view = "auth.login"
    login_manager.login_message = "Hãy đăng nhập để tiếp tục."
    login_manager.login_message_category = "warning"
    login_manager.user_loader(load_account)

    @app.before_request
    def require_password_change():
        if request.blueprint == "api":
            return None  # the API never reads the session; its tokens are checked instead
        if not current_user.is_authenticated or not current_user.must_change_password:
            return None
        if request.endpoint in OPEN_DURING_FORCED_CHANGE:
            return None
        return redirect(url_for("auth.change_password"))


def row_id(value) -> int | None:
    """Read an id from a form or query value; None unless it is a positive 32-bit number."""
    text = str(value or "")
    return int(text) if text.isdigit() and 0 < int(text) < 2**31 else None
