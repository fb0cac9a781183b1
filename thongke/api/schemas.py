"""The JSON schemas of the API's bodies, for the OpenAPI document."""

from thongke.workflow import STATES


def ref(name: str) -> dict:
    return {"$ref": f"#/components/schemas/{name}"}


def json_response(schema: dict, description: str) -> dict:
    return {"description": description, "content": {"application/json": {"schema": schema}}}


def error_response(description: str) -> dict:
    return json_response(ref("Error"), description)


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
            "unit": ref("Unit"),
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
            "unit": ref("Unit"),
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
            ref("Report"),
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
            "items": {"type": "array", "items": ref("Report")},
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
