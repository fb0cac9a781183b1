"""The JSON API: tokens, each endpoint's success and refusals, same rules as the pages."""

import pytest
from sqlalchemy import select

from tests.builders import F13A, F17A, F17B, make_workflow_tree, report_of
from tests.conftest import csrf_from, login
from thongke.clock import utcnow
from thongke.extensions import db as _db
from thongke.models import ApiToken, AuditEvent
from thongke.reports import stored_values
from thongke.tokens import create_token


@pytest.fixture
def t(db):
    return make_workflow_tree()


def token_for(account) -> str:
    _, raw = create_token(account, account, "Kiểm thử", now=utcnow())
    _db.session.commit()
    return raw


class Api:
    def __init__(self, client, token):
        self.client, self.headers = client, {"Authorization": f"Bearer {token}"}

    def get(self, url, **kw):
        return self.client.get(f"/api/v1{url}", headers=self.headers, **kw)

    def put(self, url, body):
        return self.client.put(f"/api/v1{url}", json=body, headers=self.headers)

    def post(self, url, body):
        return self.client.post(f"/api/v1{url}", json=body, headers=self.headers)


@pytest.fixture
def api(client):
    return lambda account: Api(client, token_for(account))


def test_me(api, t):
    body = api(t.xa11_bc).get("/me").get_json()
    assert body["username"] == t.xa11_bc.username and body["role"] == "bc"
    assert body["unit"] == {"code": t.xa11.code, "name": "UBND xã Một Một", "level": "xa"}


@pytest.mark.parametrize(
    ("header", "message"),
    [
        (None, "Thiếu mã API"),
        ("Bearer ", "Thiếu mã API"),
        ("Bearer tk_khongdung", "không hợp lệ"),
        ("Basic dXNlcjpwYXNz", "Thiếu mã API"),
        ("Bearer " + "x" * 5000, "không hợp lệ"),
    ],
)
def test_missing_or_wrong_token(client, t, header, message):
    headers = {"Authorization": header} if header else {}
    response = client.get("/api/v1/me", headers=headers)
    assert response.status_code == 401
    assert message in response.get_json()["error"]


def test_session_cookie_is_not_an_api_credential(client, t):
    login(client, t.xa11_bc.username)
    assert client.get("/api/v1/me").status_code == 401


def test_revoked_token_is_refused(api, client, t):
    caller = api(t.xa11_bc)
    assert caller.get("/me").status_code == 200
    token = _db.session.scalar(select(ApiToken))
    token.revoked_at = utcnow()
    _db.session.commit()
    assert caller.get("/me").status_code == 401


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("must_change_password", True, "đổi mật khẩu"),
        ("active", False, "ngừng hoạt động"),
        ("locked_by_admin", True, "đang bị khóa"),
    ],
)
def test_token_of_an_unusable_account(api, t, field, value, message):
    caller = api(t.xa11_bc)
    setattr(t.xa11_bc, field, value)
    _db.session.commit()
    response = caller.get("/me")
    assert response.status_code == 403 and message in response.get_json()["error"]


def test_periods_and_forms(api, t):
    caller = api(t.xa11_bc)
    [period] = caller.get("/periods").get_json()["items"]
    assert period["name"] == "Kỳ báo cáo năm chính thức 2019" and period["status"] == "open"
    assert period["deadlines"]["xa"] == "2020-01-20"
    codes = [f["code"] for f in caller.get("/forms").get_json()["items"]]
    assert F13A in codes and len(codes) == 8
    definition = caller.get("/forms/13a%2FBTP%2FHTQTCT%2FHT").get_json()
    assert definition["code"] == F13A and definition["rules"][0]["check"] == "c1 == c2 + c3"
    assert caller.get("/forms/khong%2Fco").status_code == 404


def test_reports_list_is_scoped_filtered_and_paginated(api, t):
    commune = api(t.xa11_bc).get(f"/reports?period={t.period.id}").get_json()
    assert {r["unit"]["code"] for r in commune["items"]} == {t.xa11.code}
    assert commune["total"] == 2
    district = api(t.phong1_ld)
    everything = district.get("/reports").get_json()
    assert {r["unit"]["code"] for r in everything["items"]} == {
        t.phong1.code,
        t.xa11.code,
        t.xa12.code,
    }
    only = district.get(f"/reports?form={F17A}&unit={t.xa12.code}").get_json()
    assert [(r["form"], r["unit"]["code"]) for r in only["items"]] == [(F17A, t.xa12.code)]
    page = district.get("/reports?per_page=2&page=2").get_json()
    assert page["page"] == 2 and len(page["items"]) == 2 and page["total"] == everything["total"]
    for bad in ("per_page=0", "per_page=1000", "page=x", "period=-1"):
        assert district.get(f"/reports?{bad}").status_code == 400


def test_save_values_then_read_them_back(api, t):
    caller = api(t.xa11_bc)
    report = report_of(t.xa11, F17A, t.period)
    response = caller.put(
        f"/reports/{report.id}/values",
        {
            "version": 1,
            "values": {"main": {"total": {"c1": 1200, "c2": "1.000", "c3": None}}},
            "note": "Qua API",
        },
    )
    assert response.status_code == 200
    assert response.get_json() == {"id": report.id, "version": 2, "changes": 3}
    body = caller.get(f"/reports/{report.id}").get_json()
    assert body["values"] == {"main": {"total": {"c1": 1200, "c2": 1000}}}
    assert body["note"] == "Qua API" and body["version"] == 2
    history = caller.get(f"/reports/{report.id}/history").get_json()["items"]
    assert {e["cell"] for e in history if e["kind"] == "value"} == {
        "main/total/c1",
        "main/total/c2",
    }


def test_stale_version_is_409(api, t):
    caller = api(t.xa11_bc)
    report = report_of(t.xa11, F17A, t.period)
    caller.put(f"/reports/{report.id}/values", {"version": 1, "values": {}, "note": "a"})
    response = caller.put(
        f"/reports/{report.id}/values", {"version": 1, "values": {"main": {"total": {"c1": 5}}}}
    )
    assert response.status_code == 409 and response.get_json()["version"] == 2
    assert stored_values(report) == {}


@pytest.mark.parametrize(
    ("values", "cell"),
    [
        ({"main": {"total": {"c1": "mười"}}}, "main/total/c1"),
        ({"main": {"total": {"c1": -1}}}, "main/total/c1"),
        ({"main": {"total": {"c9": 1}}}, "main/total/c9"),
        ({"main": {"total": {"c1": [1]}}}, "main/total/c1"),
        ({"main": {"total": {"c1": 10**20}}}, "main/total/c1"),
    ],
)
def test_bad_values_are_422_naming_the_cell(api, t, values, cell):
    report = report_of(t.xa11, F17A, t.period)
    response = api(t.xa11_bc).put(f"/reports/{report.id}/values", {"version": 1, "values": values})
    assert response.status_code == 422
    assert cell in response.get_json()["cells"]
    assert stored_values(report) == {}


@pytest.mark.parametrize(
    "body",
    [
        [],
        "x",
        {"values": {}},
        {"version": "1", "values": {}},
        {"version": 1, "values": []},
        {"version": 1, "note": 5},
    ],
)
def test_malformed_bodies_are_400(api, t, body):
    report = report_of(t.xa11, F17A, t.period)
    assert api(t.xa11_bc).put(f"/reports/{report.id}/values", body).status_code == 400


def test_another_communes_token_cannot_read_or_write(api, t):
    other = report_of(t.xa21, F17A, t.period)
    caller = api(t.xa11_bc)
    assert caller.get(f"/reports/{other.id}").status_code == 403
    assert caller.get(f"/reports/{other.id}/history").status_code == 403
    response = caller.put(
        f"/reports/{other.id}/values", {"version": 1, "values": {"main": {"total": {"c1": 1}}}}
    )
    assert response.status_code == 403
    assert caller.post(f"/reports/{other.id}/transitions", {"action": "submit"}).status_code == 403
    assert stored_values(other) == {}
    assert caller.get("/reports/999999").status_code == 404


def test_transitions(api, t):
    report = report_of(t.xa11, F13A, t.period)
    bc, ld = api(t.xa11_bc), api(t.xa11_ld)
    bc.put(
        f"/reports/{report.id}/values",
        {"version": 1, "values": {"main": {"total": {"c1": 10, "c2": 4, "c3": 5}}}},
    )
    blocked = bc.post(f"/reports/{report.id}/transitions", {"action": "submit"})
    assert blocked.status_code == 422
    assert "Khai sinh: cột (1) phải bằng (2) + (3)" in blocked.get_json()["error"]
    bc.put(
        f"/reports/{report.id}/values",
        {"version": 2, "values": {"main": {"total": {"c1": None, "c2": None, "c3": None}}}},
    )
    approve_by_bc = bc.post(f"/reports/{report.id}/transitions", {"action": "approve"})
    assert (
        approve_by_bc.status_code == 409
        and "Không thể phê duyệt" in approve_by_bc.get_json()["error"]
    )
    submitted = bc.post(f"/reports/{report.id}/transitions", {"action": "submit"})
    assert submitted.status_code == 200 and submitted.get_json()["status"] == "cho_phe_duyet"
    no_reason = ld.post(f"/reports/{report.id}/transitions", {"action": "return"})
    assert no_reason.status_code == 422
    approved = ld.post(f"/reports/{report.id}/transitions", {"action": "approve"})
    assert approved.get_json()["status"] == "da_gui"
    assert bc.post(f"/reports/{report.id}/transitions", {"action": "fly"}).status_code == 400
    editing = bc.put(
        f"/reports/{report.id}/values",
        {"version": approved.get_json()["version"], "values": {"main": {"total": {"c1": 1}}}},
    )
    assert editing.status_code == 403


def test_district_sees_consolidated_figures(api, t):
    for xa, bc, ld in ((t.xa11, t.xa11_bc, t.xa11_ld), (t.xa12, t.xa12_bc, t.xa12_ld)):
        report = report_of(xa, F17A, t.period)
        caller = api(bc)
        caller.put(
            f"/reports/{report.id}/values", {"version": 1, "values": {"main": {"total": {"c1": 7}}}}
        )
        caller.post(f"/reports/{report.id}/transitions", {"action": "submit"})
        api(ld).post(f"/reports/{report.id}/transitions", {"action": "approve"})
    aggregate = report_of(t.phong1, F17B, t.period)
    body = api(t.phong1_bc).get(f"/reports/{aggregate.id}").get_json()
    section = body["consolidated"]["II"]
    assert section["completeness"] == "2/2 xã đã gửi" and section["live"]["total"] == {"c1": 14}
    assert body["stale"] is False


def test_api_errors_are_json(client, t):
    for response in (client.get("/api/v1/khong-co"), client.delete("/api/v1/me")):
        assert response.is_json and response.status_code in (404, 405)
        assert response.get_json()["error"]


def test_tokens_on_the_profile_page(client, db, t):
    login(client, t.xa11_bc.username)
    token = csrf_from(client, "/profile")
    page = client.post("/profile", data={"csrf_token": token, "name": "Bảng điều khiển"})
    html = page.get_data(as_text=True)
    raw = html.split('id="new-token" class="user-select-all">')[1].split("<")[0]
    assert raw.startswith("tk_")
    assert client.get("/api/v1/me", headers={"Authorization": f"Bearer {raw}"}).status_code == 200
    stored = db.session.scalar(select(ApiToken))
    assert raw not in (stored.token_hash, stored.prefix)  # only a hash is kept
    client.post("/profile", data={"csrf_token": token, "revoke": str(stored.id)})
    assert client.get("/api/v1/me", headers={"Authorization": f"Bearer {raw}"}).status_code == 401
    events = db.session.scalars(
        select(AuditEvent.event).where(AuditEvent.event.like("token_%"))
    ).all()
    assert events == ["token_created", "token_revoked"]
    empty = client.post("/profile", data={"csrf_token": token, "name": "  "})
    assert "Hãy đặt tên cho mã API" in empty.get_data(as_text=True)


def test_cannot_revoke_someone_elses_token(client, db, t):
    token_for(t.xa12_bc)
    other = db.session.scalar(select(ApiToken))
    login(client, t.xa11_bc.username)
    response = client.post(
        "/profile", data={"csrf_token": csrf_from(client, "/profile"), "revoke": str(other.id)}
    )
    assert response.status_code == 404
    db.session.expire_all()
    assert db.session.get(ApiToken, other.id).revoked_at is None


def test_cli_create_token(app, db, t):
    result = app.test_cli_runner().invoke(args=["create-token", t.xa11_bc.username])
    raw = result.output.strip().splitlines()[-1]
    client = app.test_client()
    response = client.get("/api/v1/me", headers={"Authorization": f"Bearer {raw}"})
    assert response.status_code == 200
    missing = app.test_cli_runner().invoke(args=["create-token", "khong_co_ai"])
    assert missing.exit_code != 0 and "Không có tài khoản" in missing.output
