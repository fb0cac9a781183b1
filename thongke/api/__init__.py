"""The JSON Web API under /api/v1: bearer tokens, JSON errors, the same domain operations."""

from functools import wraps

from flask import Blueprint, g, jsonify, request

from thongke.clock import utcnow
from thongke.extensions import db
from thongke.tokens import account_for_token

bp = Blueprint("api", __name__, url_prefix="/api/v1")

MESSAGES = {
    400: "Yêu cầu không hợp lệ.",
    401: "Chưa xác thực.",
    403: "Không có quyền.",
    404: "Không tìm thấy.",
    405: "Phương thức không được hỗ trợ ở địa chỉ này.",
    413: "Dữ liệu gửi lên quá lớn.",
    415: "Nội dung phải là JSON (Content-Type: application/json).",
}


def error(status: int, message: str | None = None, **details):
    """Return a JSON error with a Vietnamese message."""
    body = {"error": message or MESSAGES.get(status, "Lỗi."), **details}
    return jsonify(body), status


def token_required(view):
    """Let the view run only for a valid bearer token; the account is put in `g.actor`."""

    @wraps(view)
    def wrapper(*args, **kwargs):
        header = request.headers.get("Authorization", "")
        scheme, _, raw = header.partition(" ")
        check = account_for_token(raw.strip() if scheme.lower() == "bearer" else None, now=utcnow())
        if check.account is None:
            db.session.rollback()
            return error(check.status, check.message)
        db.session.commit()  # keeps last_used_at
        g.actor = check.account
        return view(*args, **kwargs)

    return wrapper


def wants_json() -> bool:
    """Tell whether the request is for the API, whose errors are JSON, not pages."""
    return request.path.startswith(bp.url_prefix + "/") or request.path == bp.url_prefix


def register(app) -> None:
    from thongke.api import endpoints  # noqa: F401  (registers the routes on `bp`)
    from thongke.extensions import csrf

    csrf.exempt(bp)  # no cookies are read here: only bearer tokens, so no CSRF to guard
    app.register_blueprint(bp)
