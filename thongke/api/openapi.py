"""The OpenAPI 3 description of /api/v1, written by hand to match `endpoints`.

`tests/test_api_openapi.py` keeps the two in step: every route is described, every description
has a route, and schemathesis checks real responses against these schemas.
"""

from thongke.api.schemas import SCHEMAS, error_response, json_response, ref

AUTH_ERRORS = {
    "401": error_response("Thiếu mã API, mã sai hoặc đã thu hồi"),
    "403": error_response(
        "Tài khoản bị khóa, ngừng hoạt động, chưa đổi mật khẩu, hoặc báo cáo ngoài phạm vi"
    ),
}
REPORT_ID = {
    "name": "report_id",
    "in": "path",
    "required": True,
    "schema": {"type": "integer", "minimum": 1, "maximum": 2147483647},
}


def _op(summary: str, ok: dict, *, params=None, body=None, errors=None) -> dict:
    operation = {"summary": summary, "responses": {"200": ok, **AUTH_ERRORS, **(errors or {})}}
    if params:
        operation["parameters"] = params
    if body:
        operation["requestBody"] = {
            "required": True,
            "content": {"application/json": {"schema": ref(body)}},
        }
    return operation


def document() -> dict:
    """Return the OpenAPI document."""
    not_found = {"404": error_response("Không có")}
    query = [
        {
            "name": "period",
            "in": "query",
            "schema": {"type": "integer", "minimum": 1, "maximum": 2147483647},
        },
        {"name": "form", "in": "query", "schema": {"type": "string"}},
        {"name": "unit", "in": "query", "schema": {"type": "string"}},
        {"name": "page", "in": "query", "schema": {"type": "integer", "minimum": 1}},
        {
            "name": "per_page",
            "in": "query",
            "schema": {"type": "integer", "minimum": 1, "maximum": 200},
        },
    ]
    return {
        "openapi": "3.0.3",
        "info": {
            "title": "Thống kê Tư pháp API",
            "version": "1.0.0",
            "description": "Đọc và ghi báo cáo thống kê qua cùng các thao tác như trang "
            "web: phạm vi, khóa, quy tắc và lịch sử giống hệt.",
        },
        "servers": [{"url": "/api/v1"}],
        "security": [{"bearer": []}],
        "paths": {
            "/me": {"get": _op("Tài khoản của mã API", json_response(ref("Me"), "Tài khoản"))},
            "/periods": {
                "get": _op(
                    "Các kỳ báo cáo",
                    json_response(
                        {
                            "type": "object",
                            "properties": {"items": {"type": "array", "items": ref("Period")}},
                        },
                        "Danh sách kỳ",
                    ),
                )
            },
            "/forms": {
                "get": _op(
                    "Danh mục biểu mẫu",
                    json_response(
                        {
                            "type": "object",
                            "properties": {"items": {"type": "array", "items": ref("FormSummary")}},
                        },
                        "Danh sách biểu",
                    ),
                )
            },
            "/forms/{code}": {
                "get": _op(
                    "Định nghĩa một biểu (mã biểu mã hóa URL)",
                    json_response(ref("FormDefinition"), "Định nghĩa"),
                    params=[
                        {
                            "name": "code",
                            "in": "path",
                            "required": True,
                            "schema": {"type": "string"},
                        }
                    ],
                    errors=not_found,
                )
            },
            "/reports": {
                "get": _op(
                    "Báo cáo trong phạm vi",
                    json_response(ref("ReportPage"), "Một trang"),
                    params=query,
                    errors={"400": error_response("Tham số sai")},
                )
            },
            "/reports/{report_id}": {
                "get": _op(
                    "Một báo cáo, kèm số liệu tổng hợp trực tiếp",
                    json_response(ref("ReportDetail"), "Báo cáo"),
                    params=[REPORT_ID],
                    errors=not_found,
                )
            },
            "/reports/{report_id}/values": {
                "put": _op(
                    "Lưu số liệu",
                    json_response(ref("Saved"), "Đã lưu"),
                    params=[REPORT_ID],
                    body="ValuesInput",
                    errors={
                        **not_found,
                        "400": error_response("Nội dung sai dạng"),
                        "409": error_response("Phiên bản đã cũ: có người lưu trước"),
                        "422": error_response("Giá trị không hợp lệ (nêu từng ô)"),
                    },
                )
            },
            "/reports/{report_id}/transitions": {
                "post": _op(
                    "Gửi, kiểm tra đạt, phê duyệt hoặc trả lại",
                    json_response(ref("Transitioned"), "Trạng thái mới"),
                    params=[REPORT_ID],
                    body="TransitionInput",
                    errors={
                        **not_found,
                        "400": error_response("Nội dung sai dạng"),
                        "409": error_response("Lúc này không được làm thao tác này"),
                        "422": error_response("Quy tắc của biểu chặn, hoặc thiếu lý do"),
                    },
                )
            },
            "/reports/{report_id}/history": {
                "get": _op(
                    "Lịch sử thay đổi",
                    json_response(
                        {
                            "type": "object",
                            "properties": {"items": {"type": "array", "items": ref("Event")}},
                        },
                        "Lịch sử",
                    ),
                    params=[REPORT_ID],
                    errors=not_found,
                )
            },
        },
        "components": {
            "securitySchemes": {"bearer": {"type": "http", "scheme": "bearer"}},
            "schemas": SCHEMAS,
        },
    }
