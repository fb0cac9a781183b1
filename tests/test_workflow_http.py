"""The round trip over HTTP, and refusals through every write path."""

import re

import pytest

from tests.builders import F13A, F13B, F17A, F17B, F17C, make_workflow_tree, report_of
from tests.conftest import GOOD_PASSWORD, csrf_from, login
from thongke.extensions import db as _db
from thongke.models import Report
from thongke.reports import stored_values
from thongke.workflow import CHO_KIEM_TRA, CHO_PHE_DUYET, DA_GUI, DANG_NHAP


@pytest.fixture
def t(db):
    return make_workflow_tree()


class Person:
    """One signed-in browser session of one account."""

    def __init__(self, app, account):
        self.client = app.test_client()
        self.account = account
        assert login(self.client, account.username, GOOD_PASSWORD).status_code == 302

    def page(self, url) -> str:
        response = self.client.get(url)
        assert response.status_code == 200, url
        return response.get_data(as_text=True)

    def save(self, report, values, note=None):
        url = f"/reports/{report.id}"
        html = self.page(url)
        version = re.search(r'name="version" value="(\d+)"', html).group(1)
        data = {
            "csrf_token": csrf_from(self.client, url),
            "version": version,
            **{f"v.{k}": v for k, v in values.items()},
        }
        if note is not None:
            data["note"] = note
        return self.client.post(url, data=data)

    def act(self, report, action, reason=None):
        url = f"/reports/{report.id}"
        html = self.page(url)
        version = re.search(r'name="version" value="(\d+)"', html).group(1)
        data = {"csrf_token": csrf_from(self.client, url), "version": version, "action": action}
        if reason is not None:
            data["reason"] = reason
        response = self.client.post(f"{url}/transition", data=data)
        assert response.status_code == 303
        return self.client.get(response.headers["Location"]).get_data(as_text=True)


def _status(report) -> str:
    _db.session.expire_all()
    return _db.session.get(Report, report.id).status


def test_round_trip_commune_district_so(app, t):
    xa_bc, xa_ld = Person(app, t.xa11_bc), Person(app, t.xa11_ld)
    xa12_bc, xa12_ld = Person(app, t.xa12_bc), Person(app, t.xa12_ld)
    r17a, r13a = report_of(t.xa11, F17A, t.period), report_of(t.xa11, F13A, t.period)
    xa_bc.save(r17a, {"main.total.c1": "1.250", "main.total.c2": "40", "main.total.c3": "7"})
    xa_bc.save(
        r13a,
        {
            "main.total.c1": "12",
            "main.total.c2": "12",
            "main.total.c4": "6",
            "main.total.c5": "6",
            "main.total.c6": "12",
        },
    )
    for report in (r17a, r13a):
        assert "đã gửi" in xa_bc.act(report, "submit")
        assert _status(report) == CHO_PHE_DUYET
        assert "đã phê duyệt" in xa_ld.act(report, "approve")
        assert _status(report) == DA_GUI
    # The second commune too, so that the district can send.
    x17, x13 = report_of(t.xa12, F17A, t.period), report_of(t.xa12, F13A, t.period)
    xa12_bc.save(x17, {"main.total.c1": "50"})
    for report in (x17, x13):
        xa12_bc.act(report, "submit")
        xa12_ld.act(report, "approve")

    district_bc = Person(app, t.phong1_bc)
    r17b = report_of(t.phong1, F17B, t.period)
    page = district_bc.page(f"/reports/{r17b.id}")
    assert "2/2 xã đã gửi" in page
    assert re.search(r"UBND xã Một Một.*?1\.250", page, re.S)
    assert re.search(r"Tổng số</th>\s*<td[^>]*>\s*<span class=\"num-ro\">1\.300</span>", page)
    r13b = report_of(t.phong1, F13B, t.period)
    assert "12" in district_bc.page(f"/reports/{r13b.id}")
    district_bc.save(r17b, {"I.total.c1": "30", "I.total.c4": "2"})
    district_bc.act(r17b, "submit")
    assert _status(r17b) == CHO_KIEM_TRA
    Person(app, t.phong1_kt).act(r17b, "pass")
    Person(app, t.phong1_ld).act(r17b, "approve")
    assert _status(r17b) == DA_GUI

    so_page = Person(app, t.so_bc).page(f"/reports/{report_of(t.so, F17C, t.period).id}")
    assert "1/2 huyện đã gửi" in so_page
    assert re.search(r"Phòng Tư pháp huyện Một.*?1\.300", so_page, re.S)


def test_return_from_above_and_resubmission(app, t):
    xa_bc, xa_ld = Person(app, t.xa11_bc), Person(app, t.xa11_ld)
    report = report_of(t.xa11, F17A, t.period)
    xa_bc.save(report, {"main.total.c1": "9"})
    xa_bc.act(report, "submit")
    xa_ld.act(report, "approve")
    district_ld = Person(app, t.phong1_ld)
    page = district_ld.act(report, "return", "Cột (1) chưa khớp sổ chứng thực")
    assert "đã trả lại" in page
    assert _status(report) == DANG_NHAP
    home = xa_bc.page("/")
    assert "Bị trả lại: Cột (1) chưa khớp sổ chứng thực" in home
    assert "Cột (1) chưa khớp sổ chứng thực" in xa_bc.page(f"/reports/{report.id}")
    xa_bc.save(report, {"main.total.c1": "10"})
    xa_bc.act(report, "submit")
    xa_ld.act(report, "approve")
    assert _status(report) == DA_GUI


def test_return_without_reason_changes_nothing(app, t):
    xa_bc = Person(app, t.xa11_bc)
    report = report_of(t.xa11, F17A, t.period)
    xa_bc.act(report, "submit")
    page = Person(app, t.xa11_ld).act(report, "return", "  ")
    assert "Hãy ghi lý do trả lại" in page
    assert _status(report) == CHO_PHE_DUYET


@pytest.mark.parametrize(
    ("who", "action", "message"),
    [
        ("xa11_bc", "approve", "Không thể phê duyệt"),
        ("xa11_ld", "submit", "Không thể gửi"),
        ("phong1_kt", "approve", "Không thể phê duyệt"),
    ],
)
def test_refused_transitions_over_http(app, t, who, action, message):
    report = report_of(t.xa11, F17A, t.period)
    Person(app, t.xa11_bc).act(report, "submit")
    page = Person(app, getattr(t, who)).act(report, action)
    assert message in page
    assert _status(report) == CHO_PHE_DUYET


def test_other_branch_cannot_act(app, t):
    report = report_of(t.phong1, F17B, t.period)
    other = Person(app, t.phong2_kt)
    token = csrf_from(other.client, "/")
    response = other.client.post(
        f"/reports/{report.id}/transition",
        data={"csrf_token": token, "version": "1", "action": "pass"},
    )
    assert response.status_code == 404
    commune_leader = Person(app, t.xa11_ld)
    response = commune_leader.client.post(
        f"/reports/{report.id}/transition",
        data={
            "csrf_token": csrf_from(commune_leader.client, "/"),
            "version": "1",
            "action": "approve",
        },
    )
    assert response.status_code == 404
    assert _status(report) == DANG_NHAP


def test_closed_period_refuses_actions(app, t):
    t.period.status = "closed"
    _db.session.commit()
    report = report_of(t.xa11, F17A, t.period)
    page = Person(app, t.xa11_bc).page(f"/reports/{report.id}")
    assert "khóa sổ" in page and "Gửi báo cáo" not in page


def _approved(app, t):
    xa_bc, xa_ld = Person(app, t.xa11_bc), Person(app, t.xa11_ld)
    report = report_of(t.xa11, F17A, t.period)
    xa_bc.save(report, {"main.total.c1": "5"})
    xa_bc.act(report, "submit")
    xa_ld.act(report, "approve")
    return report


def test_an_approved_report_cannot_be_edited_by_any_write_path(app, t):
    report = _approved(app, t)
    before = stored_values(report)
    # Entry page: no inputs, and a direct POST is refused.
    xa_bc = Person(app, t.xa11_bc)
    page = xa_bc.page(f"/reports/{report.id}")
    assert 'name="v.main.total.c1"' not in page
    token = csrf_from(xa_bc.client, f"/reports/{report.id}")
    response = xa_bc.client.post(
        f"/reports/{report.id}",
        data={"csrf_token": token, "version": str(report.version), "v.main.total.c1": "999"},
    )
    assert response.status_code == 303
    assert "Đang nhập" in xa_bc.client.get(response.headers["Location"]).get_data(True)
    # Flask-Admin edit: there is none for reports, for anyone.
    admin = Person(app, t.admin)
    assert admin.client.get(f"/admin/report/edit/?id={report.id}").status_code == 302
    assert xa_bc.client.get(f"/admin/report/edit/?id={report.id}").status_code == 403
    # Bulk action: approving again is refused per report.
    district = Person(app, t.phong1_ld)
    response = district.client.post(
        "/admin/report/action/",
        data={
            "csrf_token": csrf_from(district.client, "/admin/report/"),
            "action": "approve",
            "rowid": [str(report.id)],
        },
    )
    assert response.status_code == 302
    listing = district.client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Không thể phê duyệt" in listing
    _db.session.expire_all()
    assert stored_values(_db.session.get(Report, report.id)) == before
    assert _status(report) == DA_GUI


def test_bulk_actions_in_the_admin_list(app, t):
    reports = [report_of(t.xa11, F17A, t.period), report_of(t.xa11, F13A, t.period)]
    xa_bc = Person(app, t.xa11_bc)
    for report in reports:
        xa_bc.act(report, "submit")
    leader = Person(app, t.xa11_ld)
    listing = leader.page("/admin/report/")
    assert F17A in listing and "UBND xã Một Hai" not in listing
    response = leader.client.post(
        "/admin/report/action/",
        data={
            "csrf_token": csrf_from(leader.client, "/admin/report/"),
            "action": "approve",
            "rowid": [str(r.id) for r in reports],
        },
    )
    page = leader.client.get(response.headers["Location"]).get_data(as_text=True)
    assert page.count("đã phê duyệt") == 2
    assert all(_status(r) == DA_GUI for r in reports)
    # Return from above in bulk asks for one reason first.
    district = Person(app, t.phong1_kt)
    token = csrf_from(district.client, "/admin/report/")
    ask = district.client.post(
        "/admin/report/action/",
        data={"csrf_token": token, "action": "return", "rowid": [str(r.id) for r in reports]},
    )
    assert "Lý do trả lại" in ask.get_data(as_text=True)
    empty = district.client.post(
        "/admin/report/return/",
        data={"csrf_token": token, "rowid": [str(r.id) for r in reports], "reason": ""},
    )
    assert "hãy ghi lý do" in district.client.get(empty.headers["Location"]).get_data(True)
    assert all(_status(r) == DA_GUI for r in reports)
    done = district.client.post(
        "/admin/report/return/",
        data={
            "csrf_token": token,
            "rowid": [str(r.id) for r in reports],
            "reason": "Bổ sung số liệu",
        },
    )
    assert done.status_code == 302
    assert all(_status(r) == DANG_NHAP for r in reports)


def test_bulk_action_on_another_branch_is_reported_not_done(app, t):
    report = report_of(t.xa21, F17A, t.period)
    Person(app, t.xa21_bc).act(report, "submit")
    leader = Person(app, t.xa11_ld)
    response = leader.client.post(
        "/admin/report/action/",
        data={
            "csrf_token": csrf_from(leader.client, "/admin/report/"),
            "action": "approve",
            "rowid": [str(report.id)],
        },
    )
    page = leader.client.get(response.headers["Location"]).get_data(as_text=True)
    assert "ngoài phạm vi" in page
    assert _status(report) == CHO_PHE_DUYET


def test_entry_on_behalf_over_http(app, t):
    t.xa12.not_using_software = True
    _db.session.commit()
    report = report_of(t.xa12, F17A, t.period)
    district_bc = Person(app, t.phong1_bc)
    assert f"/reports/{report.id}" in district_bc.page("/")
    district_bc.save(report, {"main.total.c1": "4"})
    district_bc.act(report, "submit")
    assert f"/reports/{report.id}" in Person(app, t.phong1_ld).page("/")
    Person(app, t.phong1_ld).act(report, "approve")
    assert _status(report) == DA_GUI
    history = district_bc.page(f"/reports/{report.id}/history")
    assert history.count("nhập thay UBND xã Một Hai") == 3


def test_stale_flag_and_tong_hop_lai_over_http(app, t):
    for xa, bc, ld in ((t.xa11, t.xa11_bc, t.xa11_ld), (t.xa12, t.xa12_bc, t.xa12_ld)):
        person = Person(app, bc)
        report = report_of(xa, F17A, t.period)
        person.save(report, {"main.total.c1": "10"})
        person.act(report, "submit")
        Person(app, ld).act(report, "approve")
    aggregate = report_of(t.phong1, F17B, t.period)
    district_bc, district_ld = Person(app, t.phong1_bc), Person(app, t.phong1_ld)
    district_bc.act(aggregate, "submit")
    Person(app, t.phong1_kt).act(aggregate, "return", "Chờ xã sửa")
    child = report_of(t.xa11, F17A, t.period)
    district_ld.act(child, "return", "Sửa cột (1)")
    xa_bc = Person(app, t.xa11_bc)
    xa_bc.save(child, {"main.total.c1": "15"})
    xa_bc.act(child, "submit")
    Person(app, t.xa11_ld).act(child, "approve")
    page = district_bc.page(f"/reports/{aggregate.id}")
    assert "Số liệu tổng hợp đã cũ" in page and "Tổng hợp lại" in page
    html = district_bc.page(f"/reports/{aggregate.id}")
    version = re.search(r'name="version" value="(\d+)"', html).group(1)
    response = district_bc.client.post(
        f"/reports/{aggregate.id}/consolidate",
        data={
            "csrf_token": csrf_from(district_bc.client, f"/reports/{aggregate.id}"),
            "version": version,
        },
    )
    page = district_bc.client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Đã tổng hợp lại" in page and "Số liệu tổng hợp đã cũ" not in page
    _db.session.expire_all()
    assert stored_values(_db.session.get(Report, aggregate.id))[("II", "total", "c1")] == 25


def test_home_pages_by_role(app, t):
    report = report_of(t.phong1, F17B, t.period)
    filler = Person(app, t.phong1_bc).page("/")
    assert "Báo cáo cần nhập hoặc sửa" in filler and f"/reports/{report.id}" in filler
    checker = Person(app, t.phong1_kt).page("/")
    assert "Chưa có báo cáo nào cần kiểm tra" in checker
    leader = Person(app, t.phong1_ld).page("/")
    assert "Chưa có báo cáo nào cần phê duyệt" in leader
    assert "Tiến độ của đơn vị cấp dưới" in leader and "17a/BTP/HTQTCT/CT: 0/2" in leader
    assert "hạn gửi 10/02/2020" not in leader  # the test period keeps the catalog's defaults
    assert "hạn gửi 31/01/2020" in leader


def test_progress_board(app, t):
    _approved(app, t)
    so = Person(app, t.so_ld)
    board = so.page(f"/progress/?period={t.period.id}")
    assert "Phòng Tư pháp huyện Một" in board and F17B in board
    drill = so.page(f"/progress/?period={t.period.id}&unit={t.phong1.id}")
    assert "UBND xã Một Một" in drill and "Đã gửi cấp trên" in drill
    assert "Trễ hạn" in drill  # sent today, long after 20/01/2020
    assert "Quá hạn" in drill
    commune = Person(app, t.xa11_bc)
    assert (
        commune.client.get(f"/progress/?period={t.period.id}&unit={t.phong1.id}").status_code == 404
    )
    assert "không có đơn vị cấp dưới" in commune.page(f"/progress/?period={t.period.id}")
