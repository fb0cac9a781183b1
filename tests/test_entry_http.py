"""The data-entry page over HTTP: every form renders, saving works without JavaScript."""

import re

import pytest
from sqlalchemy import select

from tests.builders import (
    F12A,
    F13A,
    F17A,
    F17B,
    load_catalog,
    make_account,
    make_period,
    make_tree,
    make_unit,
    report_of,
)
from tests.conftest import csrf_from, login
from thongke.catalog.store import form_def
from thongke.extensions import db as _db
from thongke.models import Report, ReportEvent
from thongke.reports import stored_values


@pytest.fixture
def setup(db):
    tree = make_tree()
    tree.period = make_period([F17A, F13A, F17B])
    tree.r13 = report_of(tree.xa11, F13A, tree.period)
    return tree


def _post(client, report, data, version=None):
    url = f"/reports/{report.id}"
    token = csrf_from(client, url)
    version = report.version if version is None else version
    return client.post(url, data={"csrf_token": token, "version": str(version), **data})


def test_list_shows_my_reports(client, setup):
    login(client, setup.xa11_bc.username)
    page = client.get("/reports/").get_data(as_text=True)
    assert F13A in page and F17A in page and "Kỳ báo cáo năm chính thức 2019" in page
    assert f"/reports/{report_of(setup.xa12, F13A, setup.period).id}" not in page


def test_save_without_javascript_then_rules_and_history(client, setup):
    login(client, setup.xa11_bc.username)
    response = _post(
        client,
        setup.r13,
        {
            "v.main.total.c1": "10",
            "v.main.total.c2": "4",
            "v.main.total.c3": "5",
            "note": "Ghi chú",
        },
    )
    assert response.status_code == 303
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Đã lưu 4 thay đổi." in page
    assert "Khai sinh: cột (1) phải bằng (2) + (3)" in page
    assert 'value="10"' in page
    # Correct the figures: that rule no longer shows.
    _db.session.expire_all()
    report = _db.session.get(Report, setup.r13.id)
    _post(client, report, {"v.main.total.c3": "6"})
    page = client.get(f"/reports/{report.id}").get_data(as_text=True)
    assert "Khai sinh: cột (1) phải bằng (2) + (3)" not in page
    history = client.get(f"/reports/{report.id}/history").get_data(as_text=True)
    assert (
        "(3) Đăng ký khai sinh (Trường hợp) – Đăng ký mới – Chia theo dân tộc – Dân tộc khác"
        in history
    )
    assert re.search(r"<td>5</td>\s*<td>6</td>", history)


def test_thousands_are_shown_with_dots(client, setup):
    login(client, setup.xa11_bc.username)
    report = report_of(setup.xa11, F17A, setup.period)
    _post(client, report, {"v.main.total.c1": "1000000"})
    assert 'value="1.000.000"' in client.get(f"/reports/{report.id}").get_data(as_text=True)


def test_bad_value_is_named_and_nothing_saved(client, setup):
    login(client, setup.xa11_bc.username)
    response = _post(client, setup.r13, {"v.main.total.c1": "10", "v.main.total.c2": "bốn"})
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert (
        "Ô (2) “Đăng ký khai sinh (Trường hợp) – Đăng ký mới – Chia theo dân tộc – Dân tộc "
        "Kinh”, dòng “Tổng số”: không phải số hợp lệ" in page
    )
    assert 'value="bốn"' in page  # what was typed stays on screen to be corrected
    _db.session.expire_all()
    assert stored_values(_db.session.get(Report, setup.r13.id)) == {}


def test_stale_version_over_http(client, setup):
    login(client, setup.xa11_bc.username)
    _post(client, setup.r13, {"v.main.total.c1": "1"})
    response = _post(client, setup.r13, {"v.main.total.c1": "2"}, version=1)
    assert response.status_code == 409
    assert "hãy tải lại" in response.get_data(as_text=True)


def test_unknown_cell_names_are_refused(client, setup):
    login(client, setup.xa11_bc.username)
    response = _post(client, setup.r13, {"v.main.total.c99": "1", "v.khong": "2"})
    assert response.status_code == 422
    assert "không có trong biểu" in response.get_data(as_text=True)


def test_note_html_is_escaped(client, setup):
    login(client, setup.xa11_bc.username)
    _post(client, setup.r13, {"note": "<script>alert(1)</script>"})
    page = client.get(f"/reports/{setup.r13.id}").get_data(as_text=True)
    assert "<script>alert(1)</script>" not in page and "&lt;script&gt;alert(1)" in page


def test_another_communes_report_is_not_found(client, setup):
    login(client, setup.xa11_bc.username)
    other = report_of(setup.xa21, F13A, setup.period)
    assert client.get(f"/reports/{other.id}").status_code == 404
    token = csrf_from(client, "/reports/")
    response = client.post(
        f"/reports/{other.id}", data={"csrf_token": token, "version": "1", "v.main.total.c1": "9"}
    )
    assert response.status_code == 404
    assert stored_values(other) == {}


def test_district_reads_a_commune_report_without_inputs(client, setup):
    login(client, setup.phong1_ld.username)
    page = client.get(f"/reports/{setup.r13.id}").get_data(as_text=True)
    assert "Chỉ xem:" in page and 'name="v.main.total.c1"' not in page
    token = csrf_from(client, f"/reports/{setup.r13.id}")
    response = client.post(
        f"/reports/{setup.r13.id}",
        data={"csrf_token": token, "version": "1", "v.main.total.c1": "9"},
    )
    assert response.status_code == 303
    assert stored_values(setup.r13) == {}


def test_missing_csrf_or_version(client, setup):
    login(client, setup.xa11_bc.username)
    assert client.post(f"/reports/{setup.r13.id}", data={"version": "1"}).status_code == 400
    token = csrf_from(client, f"/reports/{setup.r13.id}")
    assert (
        client.post(
            f"/reports/{setup.r13.id}", data={"csrf_token": token, "version": "x"}
        ).status_code
        == 400
    )


def test_17b_lists_communes_read_only(client, setup):
    bc = make_account(setup.phong1, "bc")
    login(client, bc.username)
    report = report_of(setup.phong1, F17B, setup.period)
    page = client.get(f"/reports/{report.id}").get_data(as_text=True)
    assert "I. Kết quả chứng thực tại Phòng Tư pháp" in page
    assert "UBND xã Một Một" in page and "UBND xã Một Hai" in page
    assert "UBND xã Hai Một" not in page
    assert 'name="v.I.total.c1"' in page and 'name="v.II.' not in page


def test_every_catalog_form_renders(client, db):
    """Each form of the catalog opens on the entry page for a unit that fills it."""
    forms = load_catalog()
    so = make_unit("Sở Tư pháp tỉnh Thử", "so", code="sotuphap_tt")
    units = {
        "so": so,
        "phong": make_unit("Phòng Tư pháp huyện Một", "phong", so, code="huyenmot_tt"),
        "to_chuc_cc": make_unit("Phòng Công chứng số 1", "to_chuc_cc", so, code="pcc1_tt"),
    }
    units["xa"] = make_unit("UBND xã Một Một", "xa", units["phong"], code="xamotmot_hm_tt")
    make_account(units["xa"], "bc")
    admin = make_account(so, "bc", username="sotuphap_tt_qt", is_admin=True)
    periods = {
        "NAM_CT": make_period([c for c in forms if c != "01a/TP/TĐ-BH"]),
        "6T": make_period(["01a/TP/TĐ-BH"], kind="6T", year=2025),
    }
    login(client, admin.username)
    reports = _db.session.scalars(select(Report)).all()
    assert {r.form.code for r in reports} == set(forms)
    for report in reports:
        page = client.get(f"/reports/{report.id}")
        assert page.status_code == 200, report.form.code
        html = page.get_data(as_text=True)
        assert report.form.title in html
        definition = form_def(forms[report.form.code])
        assert html.count('class="code-row"') == len(definition.sections), report.form.code
        for section in definition.sections:
            for leaf in section.leaves:
                assert f'<th scope="col">{leaf.code}</th>' in html, (report.form.code, leaf.key)
    assert periods["6T"].name == "Kỳ báo cáo 6 tháng 2025"


def test_history_records_who_entered_on_behalf(client, setup):
    setup.xa12.not_using_software = True
    _db.session.commit()
    bc = make_account(setup.phong1, "bc")
    login(client, bc.username)
    report = report_of(setup.xa12, F17A, setup.period)
    assert f"/reports/{report.id}" in client.get("/reports/").get_data(as_text=True)
    _post(client, report, {"v.main.total.c1": "3"})
    history = client.get(f"/reports/{report.id}/history").get_data(as_text=True)
    assert "nhập thay UBND xã Một Hai" in history
    assert _db.session.scalar(select(ReportEvent.acting_unit_id)) == setup.phong1.id


def test_12a_money_columns(client, db):
    load_catalog()
    so = make_unit("Sở Tư pháp tỉnh Thử", "so", code="sotuphap_tt")
    office = make_unit("Phòng Công chứng số 1", "to_chuc_cc", so, code="pcc1_tt")
    bc = make_account(office, "bc")
    period = make_period([F12A])
    report = report_of(office, F12A, period)
    login(client, bc.username)
    response = _post(
        client,
        report,
        {
            "v.main.total.c5": "999.999.999.999.999",
            "v.main.total.c2": "3",
            "v.main.total.c3": "1",
            "v.main.total.c4": "2",
        },
    )
    assert response.status_code == 303
    assert stored_values(report)[("main", "total", "c5")] == 999_999_999_999_999
