"""The catalog in the admin panel: everyone browses with a preview, administrators edit."""

import pytest
from sqlalchemy import select

from tests.builders import F13A, load_catalog, make_tree
from tests.conftest import csrf_from, login
from thongke.models import AuditEvent, Form


@pytest.fixture
def tree(db):
    tree = make_tree()
    tree.forms = load_catalog()
    return tree


def test_everyone_browses_the_catalog_with_a_preview(client, tree):
    login(client, tree.xa11_bc.username)
    listing = client.get("/admin/catalog/").get_data(as_text=True)
    assert F13A in listing and "01a/TP/TĐ-BH" in listing
    details = client.get(f"/admin/catalog/details/?id={tree.forms[F13A].id}")
    html = details.get_data(as_text=True)
    assert details.status_code == 200
    assert 'colspan="10" rowspan="1">Đăng ký khai sinh (Trường hợp)' in html
    assert "lỗi | c1 == c2 + c3 | Khai sinh: cột (1) phải bằng (2) + (3)" in html


def test_only_admins_edit_and_nobody_creates_in_the_panel(client, tree):
    login(client, tree.phong1_ld.username)
    assert client.get(f"/admin/catalog/edit/?id={tree.forms[F13A].id}").status_code == 403
    client.post("/logout", data={"csrf_token": csrf_from(client, "/")})
    login(client, tree.admin.username)
    assert client.get(f"/admin/catalog/edit/?id={tree.forms[F13A].id}").status_code == 200
    assert client.get("/admin/catalog/new/").status_code == 302  # created by import only


def _edit(client, form, **changes):
    url = f"/admin/catalog/edit/?id={form.id}"
    token = csrf_from(client, url)
    data = {
        "csrf_token": token,
        "title": form.definition["title"],
        "field": "Hộ tịch",
        "circular": form.definition["circular"],
        "periods": form.definition["periods"],
        "rules": "lỗi | c1 == c2 + c3 | Khai sinh: cột (1) phải bằng (2) + (3)",
    }
    data.update(changes)
    return client.post(url, data=data)


def test_admin_edits_title_periods_and_rules(client, db, tree):
    login(client, tree.admin.username)
    form = tree.forms[F13A]
    response = _edit(
        client,
        form,
        title="Tên mới",
        periods=["NAM", "NAM_CT"],
        rules="lỗi | c1 == c2 + c3 | Sai khai sinh\ncảnh báo | c8 <= c7 | Xem lại (8)",
    )
    assert response.status_code == 302
    db.session.expire_all()
    fresh = db.session.scalar(select(Form).where(Form.code == F13A))
    assert fresh.title == "Tên mới" and fresh.definition["periods"] == ["NAM", "NAM_CT"]
    assert fresh.definition["rules"] == [
        {"check": "c1 == c2 + c3", "severity": "error", "message": "Sai khai sinh"},
        {"check": "c8 <= c7", "severity": "warning", "message": "Xem lại (8)"},
    ]
    assert fresh.revision == 2
    [event] = db.session.scalars(select(AuditEvent).where(AuditEvent.event == "form_updated"))
    assert event.actor_id == tree.admin.id and event.detail.startswith(F13A)


@pytest.mark.parametrize(
    ("rules", "message"),
    [
        ("lỗi | c1 == | x", "thiếu phần cuối"),
        ("nặng | c1 == 1 | x", "Dòng quy tắc 1"),
        ("lỗi | c1 == c99 | x", "c99"),
        ("chỉ một phần", "Dòng quy tắc 1"),
    ],
)
def test_bad_rules_are_refused_whole(client, db, tree, rules, message):
    login(client, tree.admin.username)
    form = tree.forms[F13A]
    before = dict(form.definition)
    response = _edit(client, form, rules=rules)
    assert response.status_code == 200
    assert message in response.get_data(as_text=True)
    db.session.expire_all()
    assert db.session.scalar(select(Form).where(Form.code == F13A)).definition == before
