"""Administrators edit units and accounts through the admin panel, via the domain operations."""

import pytest
from sqlalchemy import select

from tests.builders import make_tree
from tests.conftest import csrf_from, login
from thongke.auth import LOCKED_BY_ADMIN
from thongke.models import Account, AuditEvent, Unit
from thongke.passwords import DEFAULT_PASSWORD, verify_password


@pytest.fixture
def tree(db):
    return make_tree()


@pytest.fixture
def admin_client(client, tree):
    assert login(client, tree.admin.username).status_code == 302
    return client


def _post(client, url, data):
    token = csrf_from(client, url)
    return client.post(url, data={**data, "csrf_token": token})


def _unit_form(unit, **changes):
    data = {
        "name": unit.name,
        "code": unit.code,
        "admin_code": unit.admin_code or "",
        "level": unit.level,
        "parent": str(unit.parent_id or "__None"),
        "active": "y",
    }
    data.update(changes)
    return data


def _events(db, event):
    db.session.expire_all()
    return list(db.session.scalars(select(AuditEvent).where(AuditEvent.event == event)))


def test_admin_renames_a_unit(admin_client, db, tree):
    response = _post(
        admin_client,
        f"/admin/unit/edit/?id={tree.xa11.id}",
        _unit_form(tree.xa11, name="UBND xã Một Một Mới"),
    )
    assert response.status_code == 302
    db.session.expire_all()
    assert db.session.get(Unit, tree.xa11.id).name == "UBND xã Một Một Mới"
    [event] = _events(db, "unit_updated")
    assert event.actor_id == tree.admin.id and "name" in event.detail


def test_admin_moves_a_commune_and_its_scope_follows(admin_client, client, db, tree):
    response = _post(
        admin_client,
        f"/admin/unit/edit/?id={tree.xa11.id}",
        _unit_form(tree.xa11, parent=str(tree.phong2.id)),
    )
    assert response.status_code == 302
    db.session.expire_all()
    moved = db.session.get(Unit, tree.xa11.id)
    assert moved.path == f"{tree.phong2.path}{moved.id}/"


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"code": "có dấu cách"}, "Mã tài khoản chỉ gồm"),
        ({"code": "huyenmot_tt"}, "đã thuộc đơn vị khác"),
        ({"name": ""}, "Hãy nhập tên đơn vị"),
        ({"admin_code": "12a"}, "chỉ gồm chữ số"),
        ({"parent": "__None"}, "phải trực thuộc"),
    ],
)
def test_bad_unit_edits_are_refused_and_change_nothing(admin_client, db, tree, changes, message):
    before = db.session.execute(
        select(Unit.id, Unit.name, Unit.code, Unit.parent_id, Unit.path).order_by(Unit.id)
    ).all()
    response = _post(
        admin_client, f"/admin/unit/edit/?id={tree.xa11.id}", _unit_form(tree.xa11, **changes)
    )
    assert response.status_code == 200
    assert message in response.get_data(as_text=True)
    db.session.expire_all()
    after = db.session.execute(
        select(Unit.id, Unit.name, Unit.code, Unit.parent_id, Unit.path).order_by(Unit.id)
    ).all()
    assert after == before


def test_admin_creates_an_account_with_default_password(admin_client, db, tree):
    response = _post(
        admin_client,
        "/admin/account/new/",
        {
            "username": "xamotmot_hm_tt_bc2",
            "unit": str(tree.xa11.id),
            "role": "bc",
            "full_name": "Nguyễn Thị Hoa",
            "position": "Công chức Tư pháp - Hộ tịch",
        },
    )
    assert response.status_code == 302
    account = db.session.scalar(select(Account).where(Account.username == "xamotmot_hm_tt_bc2"))
    assert account.must_change_password and account.full_name == "Nguyễn Thị Hoa"
    assert verify_password(account.password_hash, DEFAULT_PASSWORD)


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"username": "xamotmot_hm_tt_kt", "role": "kt"}, "không có vai trò"),
        ({"username": "xamotmot_hm_tt_bc", "role": "bc"}, "đã có người dùng"),
        ({"username": "Có Dấu", "role": "bc"}, "Tên đăng nhập chỉ gồm"),
        ({"username": "xamotmot_hm_tt_x", "role": "bc", "is_admin": "y"}, "Chỉ tài khoản của Sở"),
    ],
)
def test_bad_new_accounts_are_refused(admin_client, db, tree, data, message):
    count = len(db.session.scalars(select(Account.id)).all())
    response = _post(admin_client, "/admin/account/new/", {"unit": str(tree.xa11.id), **data})
    assert response.status_code == 200
    assert message in response.get_data(as_text=True)
    assert len(db.session.scalars(select(Account.id)).all()) == count


def _action(client, action, *accounts):
    token = csrf_from(client, "/admin/account/")
    return client.post(
        "/admin/account/action/",
        data={"csrf_token": token, "action": action, "rowid": [str(a.id) for a in accounts]},
    )


def test_reset_password_action(admin_client, db, tree):
    assert _action(admin_client, "reset_password", tree.xa11_bc, tree.xa12_bc).status_code == 302
    db.session.expire_all()
    for account in (tree.xa11_bc, tree.xa12_bc):
        fresh = db.session.get(Account, account.id)
        assert fresh.must_change_password and verify_password(fresh.password_hash, DEFAULT_PASSWORD)
    assert {e.account_id for e in _events(db, "password_reset")} == {
        tree.xa11_bc.id,
        tree.xa12_bc.id,
    }


def test_lock_unlock_and_deactivate_actions(admin_client, app, db, tree):
    other = app.test_client()
    _action(admin_client, "lock", tree.xa11_bc)
    refused = login(other, tree.xa11_bc.username)
    assert refused.status_code == 401 and LOCKED_BY_ADMIN in refused.get_data(as_text=True)
    _action(admin_client, "unlock", tree.xa11_bc)
    assert login(other, tree.xa11_bc.username).status_code == 302
    _action(admin_client, "deactivate", tree.xa11_bc)
    assert other.get("/").status_code == 302  # the open session ended
    for event in ("account_locked", "account_unlocked", "account_deactivated"):
        [row] = _events(db, event)
        assert row.actor_id == tree.admin.id and row.account_id == tree.xa11_bc.id


def test_admin_cannot_lock_himself(admin_client, db, tree):
    _action(admin_client, "lock", tree.admin)
    db.session.expire_all()
    assert not db.session.get(Account, tree.admin.id).locked_by_admin


def test_action_results_are_reported_per_account(admin_client, db, tree):
    response = _action(admin_client, "lock", tree.admin, tree.xa11_bc)
    page = admin_client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Không thể khóa tài khoản của chính mình" in page
    assert f"{tree.xa11_bc.username}: đã khóa" in page


def test_reactivate_a_deactivated_account(admin_client, app, db, tree):
    _action(admin_client, "deactivate", tree.xa11_bc)
    _action(admin_client, "reactivate", tree.xa11_bc, tree.xa12_bc)
    db.session.expire_all()
    account = db.session.get(Account, tree.xa11_bc.id)
    assert account.active and account.must_change_password
    assert verify_password(account.password_hash, DEFAULT_PASSWORD)
    assert len(_events(db, "account_reactivated")) == 1  # xa12 was active: refused, not done
    response = login(app.test_client(), tree.xa11_bc.username, DEFAULT_PASSWORD)
    assert response.headers["Location"].endswith("/password")
