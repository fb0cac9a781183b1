"""Error pages in Vietnamese."""

from flask import render_template
from flask_wtf.csrf import CSRFError

from thongke.extensions import db

MESSAGES = {
    400: ("Yêu cầu không hợp lệ", "Dữ liệu gửi lên không hợp lệ. Hãy quay lại và thử lại."),
    401: ("Chưa đăng nhập", "Hãy đăng nhập để tiếp tục."),
    415: ("Định dạng không được hỗ trợ", "Nội dung gửi lên không đúng định dạng."),
    403: (
        "Không có quyền truy cập",
        "Bạn không có quyền mở trang này hoặc thao tác trên dữ liệu "
        "này. Nếu cần, hãy liên hệ quản trị viên Sở Tư pháp.",
    ),
    404: (
        "Không tìm thấy",
        "Trang hoặc dữ liệu bạn tìm không có, hoặc không thuộc phạm vi đơn vị của bạn.",
    ),
    405: ("Thao tác không được phép", "Trang này không nhận thao tác vừa gửi."),
    413: ("Tệp quá lớn", "Tệp gửi lên vượt quá dung lượng cho phép (5 MB)."),
    500: (
        "Lỗi hệ thống",
        "Hệ thống gặp lỗi ngoài ý muốn; dữ liệu chưa được lưu. Hãy thử lại, "
        "nếu vẫn lỗi hãy báo quản trị viên.",
    ),
}
CSRF_MESSAGE = (
    "Phiên làm việc đã hết hạn hoặc biểu mẫu không hợp lệ, nên thao tác chưa được "
    "thực hiện. Hãy tải lại trang rồi thử lại."
)


def _page(status: int, message: str | None = None):
    from thongke.api import error, wants_json

    if wants_json():
        return (
            error(status, message or None)
            if status != 500
            else error(500, "Lỗi hệ thống; dữ liệu chưa được lưu.")
        )
    title, default = MESSAGES[status]
    return render_template(
        "errors/error.html", status=status, title=title, message=message or default
    ), status


def register(app) -> None:
    for status in (400, 401, 403, 404, 405, 413, 415):
        app.register_error_handler(status, lambda error, s=status: _page(s))

    @app.errorhandler(CSRFError)
    def csrf_error(error):
        return _page(400, CSRF_MESSAGE)

    @app.errorhandler(500)
    def server_error(error):
        db.session.rollback()
        return _page(500)
