"""Periods: opened by the admin with the catalog's forms and deadlines, closed and reopened."""

from datetime import date

import pytest
from sqlalchemy import func, select

from tests.builders import F12A, F17A, load_catalog, make_account, make_tree, make_unit
from tests.conftest import csrf_from, login
from thongke.clock import utcnow
from thongke.models import Period, Report
from thongke.periods import default_deadlines, propose_forms
from thongke.seed import seed_demo


@pytest.fixture
def tree(db):
    tree = make_tree()
    tree.forms = load_catalog()
    office = make_unit("Phòng Công chứng số 1", "to_chuc_cc", tree.so, code="pcc1_tt")
    make_account(office, "bc")
    return tree


def test_default_deadlines_follow_the_catalog():
    assert default_deadlines("NAM_CT", 2019) == {
        "xa": date(2020, 1, 20),
        "to_chuc_cc": date(2020, 1, 20),
        "phong": date(2020, 1, 31),
        "so": date(2020, 2, 20),
    }
    assert default_deadlines("6T", 2024)["phong"] == date(2024, 6, 16)


def test_proposed_forms_fit_the_three_level_tree(tree):
    codes = [f.code.split("/")[0] for f in propose_forms("NAM_CT")]
    assert codes == ["17a", "17b", "17c", "12a", "12b", "13a", "13b"]  # no 01a: xã → phòng
    xa = make_unit("UBND xã Trực Thuộc", "xa", tree.so, code="xatructhuoc_tt")
    assert xa.parent_id == tree.so.id
    assert "01a/TP/TĐ-BH" in [f.code for f in propose_forms("NAM_CT")]


def test_seed_opens_2019_with_the_letters_deadlines(db):
    seed_demo(utcnow())
    period = db.session.scalar(select(Period))
    assert period.deadline_for("xa") == date(2020, 1, 20)
    assert period.deadline_for("phong") == date(2020, 2, 10)


def _open(client, **fields):
    token = csrf_from(client, "/admin/period/new/")
    return client.post("/admin/period/new/", data={"csrf_token": token, **fields})


def test_admin_opens_a_period_with_proposed_forms_and_deadlines(client, db, tree):
    login(client, tree.admin.username)
    response = _open(client, kind="6T", year="2024", deadline_xa="05/06/2024")
    assert response.status_code == 302
    period = db.session.scalar(select(Period))
    assert period.name == "Kỳ báo cáo 6 tháng 2024" and period.is_open
    assert period.deadline_for("xa") == date(2024, 6, 5)
    assert period.deadline_for("phong") == date(2024, 6, 16)
    assert len(period.forms) == 7
    # Reports are made for every unit that fills each form: 3 xã × 2, 2 phòng × 2, Sở × 2, 1 × 12a
    assert db.session.scalar(select(func.count()).select_from(Report)) == 6 + 4 + 2 + 1


def test_admin_chooses_forms(client, db, tree):
    login(client, tree.admin.username)
    _open(
        client, kind="NAM", year="2024", forms=[str(tree.forms[F17A].id), str(tree.forms[F12A].id)]
    )
    period = db.session.scalar(select(Period))
    assert sorted(f.code for f in period.forms) == [F12A, F17A]


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"kind": "6T", "year": "1990"}, "Năm từ 2000 đến 2100"),
        ({"kind": "6T", "year": "2024", "deadline_xa": "31/02/2024"}, "dd/mm/yyyy"),
        ({"kind": "6T", "year": "2024", "deadline_xa": "2024-06-05"}, "dd/mm/yyyy"),
        ({"kind": "QUY", "year": "2024"}, "Lựa chọn không hợp lệ"),
        ({"kind": "6T", "year": "hai nghìn"}, "Hãy nhập một số nguyên"),
    ],
)
def test_bad_period_input(client, db, tree, fields, message):
    login(client, tree.admin.username)
    response = _open(client, **fields)
    assert response.status_code == 200
    assert message in response.get_data(as_text=True)
    assert db.session.scalar(select(func.count()).select_from(Period)) == 0


def test_the_same_period_twice_is_refused(client, db, tree):
    login(client, tree.admin.username)
    _open(client, kind="6T", year="2024")
    response = _open(client, kind="6T", year="2024")
    assert "Kỳ Báo cáo 6 tháng 2024 đã có" in response.get_data(as_text=True)
    assert db.session.scalar(select(func.count()).select_from(Period)) == 1


def test_edit_deadlines_close_and_reopen(client, db, tree):
    login(client, tree.admin.username)
    _open(client, kind="6T", year="2024")
    period = db.session.scalar(select(Period))
    url = f"/admin/period/edit/?id={period.id}"
    token = csrf_from(client, url)
    assert 'value="06/06/2024"' in client.get(url).get_data(as_text=True)
    client.post(
        url, data={"csrf_token": token, "deadline_xa": "10/06/2024", "deadline_phong": "20/06/2024"}
    )
    db.session.expire_all()
    assert db.session.get(Period, period.id).deadline_for("xa") == date(2024, 6, 10)
    for action, status in (("close", "closed"), ("reopen", "open")):
        client.post(
            "/admin/period/action/",
            data={"csrf_token": token, "action": action, "rowid": [str(period.id)]},
        )
        db.session.expire_all()
        assert db.session.get(Period, period.id).status == status


def test_non_admins_read_periods_only(client, db, tree):
    login(client, tree.phong1_ld.username)
    assert client.get("/admin/period/").status_code == 200
    assert client.get("/admin/period/new/").status_code == 403
    token = csrf_from(client, "/admin/period/")
    assert (
        client.post(
            "/admin/period/action/", data={"csrf_token": token, "action": "close", "rowid": ["1"]}
        ).status_code
        == 403
    )
