"""The OpenAPI document: valid, in step with the routes, and honoured by every response."""

import re

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from openapi_spec_validator import validate
from schemathesis.checks import (
    content_type_conformance,
    not_a_server_error,
    response_schema_conformance,
    status_code_conformance,
)

from tests.builders import F17A, make_workflow_tree, report_of
from thongke.api.openapi import document
from thongke.clock import utcnow
from thongke.extensions import db as _db
from thongke.reports import save_values
from thongke.tokens import create_token


def test_document_is_valid_openapi():
    validate(document())


def test_document_and_routes_are_in_step(app):
    routes = set()
    for rule in app.url_map.iter_rules():
        if not rule.endpoint.startswith("api.") or rule.endpoint == "api.openapi":
            continue
        path = re.sub(r"<(?:[^:>]+:)?(\w+)>", r"{\1}", rule.rule.removeprefix("/api/v1"))
        routes |= {(path, method.lower()) for method in rule.methods - {"HEAD", "OPTIONS"}}
    described = {(path, method) for path, item in document()["paths"].items() for method in item}
    assert routes == described


def test_document_is_served(client):
    response = client.get("/api/v1/openapi.json")
    assert response.status_code == 200 and response.get_json()["openapi"].startswith("3.")


@pytest.fixture
def api_schema(app):
    return schemathesis.openapi.from_wsgi("/api/v1/openapi.json", app)


@pytest.fixture
def fuzz_token(db):
    """A district leader's token over a small tree with a few figures and a sent report."""
    t = make_workflow_tree()
    report = report_of(t.xa11, F17A, t.period)
    save_values(report, {("main", "total", "c1"): "12"}, t.xa11_bc, 1, utcnow())
    _, raw = create_token(t.phong1_ld, t.phong1_ld, "Schemathesis", now=utcnow())
    _db.session.commit()
    return raw


def _operations():
    return [(path, method) for path, item in document()["paths"].items() for method in item]


@pytest.mark.parametrize(("path", "method"), _operations())
def test_api_honours_its_document(api_schema, fuzz_token, path, method):
    """Generated requests, valid and not: never a 500, never a response off the schema.

    Schemathesis's own pytest plugin does not run under pytest 9 yet, so each operation's
    strategy is driven through Hypothesis here, bounded in examples.
    """
    operation = api_schema[path][method.upper()]

    @given(case=operation.as_strategy())
    @settings(
        max_examples=25,
        deadline=None,
        derandomize=True,
        database=None,
        suppress_health_check=list(HealthCheck),
    )
    def check(case):
        case.call_and_validate(
            # identity: the in-process WSGI transport does not undo gzip or brotli
            headers={"Authorization": f"Bearer {fuzz_token}", "Accept-Encoding": "identity"},
            checks=[
                not_a_server_error,
                status_code_conformance,
                content_type_conformance,
                response_schema_conformance,
            ],
        )

    check()
