"""The OpenAPI 3 description of /api/v1, written by hand to match `endpoints`.

`tests/test_api_openapi.py` keeps the two in step: every route is described, every description
has a route, and schemathesis checks real responses against these schemas.
"""

from thongke.workflow import STATES


def _ref(name: str) -> dict:
    return {"$ref": f"#/components/schemas/{name}"}


def _json(schema: dict, description: str) -> dict:
    return {"description": description, "content": {"application/json": {"schema": schema}}}


def _error(description: str) -> dict:
    return _json(_ref("Error"), description)


VALUE = {
    "oneOf": [
        {"type": "integer", "minimum": 0},
        {"type": "string", "description": "Số thập phân, dạng 24.5"},
    ]
}
VALUES = {
    "type": "object",
    "description": "{phần: {dòng: {cột: giá trị}}}",
    "additionalProperties": {
        "type": "object",
        "additionalProperties": {"type": "object", "additionalProperties": VALUE},
    },
}
INPUT_VALUE = {
    "description": "Số nguyên, số thập phân hoặc chuỗi kiểu Việt Nam (1.000.000; 24,5); null "
    "hoặc chuỗi rỗng để xóa ô"
}

SCHEMAS = {
    "Error": {
        "type": "object",
        "required": ["error"],
        "properties": {
            "error": {"type": "string"},
            "cells": {"type": "object", "additionalProperties": {"type": "string"}},
            "version": {"type": "integer"},
        },
    },
    "Unit": {
        "type": "object",
        "required": ["code", "name", "level"],
        "properties": {
            "code": {"type": "string"},
            "name": {"type": "string"},
            "level": {"type": "string"},
        },
    },
    "Me": {
        "type": "object",
        "required": ["username", "role", "unit"],
        "properties": {
            "username": {"type": "string"},
            "role": {"type": "string", "enum": ["bc", "kt", "ld"]},
            "role_label": {"type": "string"},
            "is_admin": {"type": "boolean"},
            "unit": _ref("Unit"),
        },
    },
    "Period": {
        "type": "object",
        "required": ["id", "kind", "year", "name", "status"],
        "properties": {
            "id": {"type": "integer"},
            "kind": {"type": "string", "enum": ["6T", "NAM", "NAM_CT"]},
            "year": {"type": "integer"},
            "name": {"type": "string"},
            "status": {"type": "string", "enum": ["open", "closed"]},
            "start_date": {"type": "string", "format": "date"},
            "end_date": {"type": "string", "format": "date"},
            "deadlines": {
                "type": "object",
                "additionalProperties": {"type": "string", "format": "date"},
            },
            "forms": {"type": "array", "items": {"type": "string"}},
        },
    },
    "FormSummary": {
        "type": "object",
        "required": ["code", "title"],
        "properties": {
            "code": {"type": "string"},
            "title": {"type": "string"},
            "filled_by": {"type": "string"},
            "sent_to": {"type": "string"},
            "periods": {"type": "array", "items": {"type": "string"}},
        },
    },
    "FormDefinition": {
        "type": "object",
        "required": ["code", "title", "sections"],
        "description": "Định nghĩa biểu như trong danh mục (forms.json).",
        "properties": {
            "code": {"type": "string"},
            "title": {"type": "string"},
            "sections": {"type": "array", "items": {"type": "object"}},
        },
    },
    "Report": {
        "type": "object",
        "required": ["id", "unit", "form", "period", "status", "version", "values"],
        "properties": {
            "id": {"type": "integer"},
            "unit": _ref("Unit"),
            "form": {"type": "string"},
            "period": {"type": "integer"},
            "status": {"type": "string", "enum": list(STATES)},
            "status_label": {"type": "string"},
            "version": {"type": "integer"},
            "deadline": {"type": "string", "format": "date", "nullable": True},
            "values": VALUES,
        },
    },
    "ReportDetail": {
        "allOf": [
            _ref("Report"),
            {
                "type": "object",
                "properties": {
                    "note": {"type": "string"},
                    "return_reason": {"type": "string", "nullable": True},
                    "signatories": {
                        "type": "object",
                        "additionalProperties": {"type": "string", "nullable": True},
                    },
                    "stale": {"type": "boolean"},
                    "consolidated": {
                        "type": "object",
                        "additionalProperties": {
                            "type": "object",
                            "properties": {
                                "source_form": {"type": "string"},
                                "expected": {"type": "integer"},
                                "approved": {"type": "integer"},
                                "completeness": {"type": "string"},
                                "missing": {"type": "array", "items": {"type": "string"}},
                                "live": {
                                    "type": "object",
                                    "additionalProperties": {
                                        "type": "object",
                                        "additionalProperties": VALUE,
                                    },
                                },
                            },
                        },
                    },
                },
            },
        ]
    },
    "ReportPage": {
        "type": "object",
        "required": ["items", "page", "per_page", "total"],
        "properties": {
            "items": {"type": "array", "items": _ref("Report")},
            "page": {"type": "integer"},
            "per_page": {"type": "integer"},
            "total": {"type": "integer"},
        },
    },
    "ValuesInput": {
        "type": "object",
        "required": ["version", "values"],
        "properties": {
            "version": {"type": "integer"},
            "values": {
                "type": "object",
                "additionalProperties": {
                    "type": "object",
                    "additionalProperties": {"type": "object", "additionalProperties": INPUT_VALUE},
                },
            },
            "note": {"type": "string"},
        },
    },
    "Saved": {
        "type": "object",
        "required": ["id", "version", "changes"],
        "properties": {
            "id": {"type": "integer"},
            "version": {"type": "integer"},
            "changes": {"type": "integer"},
        },
    },
    "TransitionInput": {
        "type": "object",
        "required": ["action"],
        "properties": {
            "action": {"type": "string", "enum": ["submit", "pass", "approve", "return"]},
            "reason": {"type": "string"},
        },
    },
    "Transitioned": {
        "type": "object",
        "required": ["id", "status", "version"],
        "properties": {
            "id": {"type": "integer"},
            "status": {"type": "string", "enum": list(STATES)},
            "version": {"type": "integer"},
        },
    },
    "Event": {
        "type": "object",
        "required": ["at", "kind", "actor"],
        "properties": {
            "at": {"type": "string"},
            "kind": {"type": "string"},
            "actor": {"type": "string"},
            "acting_unit": {"type": "string"},
            "cell": {"type": "string", "nullable": True},
            "old": {"type": "string", "nullable": True},
            "new": {"type": "string", "nullable": True},
            "reason": {"type": "string", "nullable": True},
        },
    },
}

AUTH_ERRORS = {
    "401": _error("Thiếu mã API, mã sai hoặc đã thu hồi"),
    "403": _error(
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
            "content": {"application/json": {"schema": _ref(body)}},
        }
    return operation


def document() -> dict:
    """Return the OpenAPI document."""
    not_found = {"404": _error("Không có")}
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
            "/me": {"get": _op("Tài khoản của mã API", _json(_ref("Me"), "Tài khoản"))},
            "/periods": {
                "get": _op(
                    "Các kỳ báo cáo",
                    _json(
                        {
                            "type": "object",
                            "properties": {"items": {"type": "array", "items": _ref("Period")}},
                        },
                        "Danh sách kỳ",
                    ),
                )
            },
            "/forms": {
                "get": _op(
                    "Danh mục biểu mẫu",
                    _json(
                        {
                            "type": "object",
                            "properties": {
                                "items": {"type": "array", "items": _ref("FormSummary")}
                            },
                        },
                        "Danh sách biểu",
                    ),
                )
            },
            "/forms/{code}": {
                "get": _op(
                    "Định nghĩa một biểu (mã biểu mã hóa URL)",
                    _json(_ref("FormDefinition"), "Định nghĩa"),
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
                    _json(_ref("ReportPage"), "Một trang"),
                    params=query,
                    errors={"400": _error("Tham số sai")},
                )
            },
            "/reports/{report_id}": {
                "get": _op(
                    "Một báo cáo, kèm số liệu tổng hợp trực tiếp",
                    _json(_ref("ReportDetail"), "Báo cáo"),
                    params=[REPORT_ID],
                    errors=not_found,
                )
            },
            "/reports/{report_id}/values": {
                "put": _op(
                    "Lưu số liệu",
                    _json(_ref("Saved"), "Đã lưu"),
                    params=[REPORT_ID],
                    body="ValuesInput",
                    errors={
                        **not_found,
                        "400": _error("Nội dung sai dạng"),
                        "409": _error("Phiên bản đã cũ: có người lưu trước"),
                        "422": _error("Giá trị không hợp lệ (nêu từng ô)"),
                    },
                )
            },
            "/reports/{report_id}/transitions": {
                "post": _op(
                    "Gửi, kiểm tra đạt, phê duyệt hoặc trả lại",
                    _json(_ref("Transitioned"), "Trạng thái mới"),
                    params=[REPORT_ID],
                    body="TransitionInput",
                    errors={
                        **not_found,
                        "400": _error("Nội dung sai dạng"),
                        "409": _error("Lúc này không được làm thao tác này"),
                        "422": _error("Quy tắc của biểu chặn, hoặc thiếu lý do"),
                    },
                )
            },
            "/reports/{report_id}/history": {
                "get": _op(
                    "Lịch sử thay đổi",
                    _json(
                        {
                            "type": "object",
                            "properties": {"items": {"type": "array", "items": _ref("Event")}},
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
