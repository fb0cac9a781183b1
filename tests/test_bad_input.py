"""Bad sign-in input: a clear Vietnamese message, a 4xx status, never a 500, nothing changed."""

import pytest
from sqlalchemy import func, select

from tests.builders import make_tree
from tests.conftest import GOOD_PASSWORD, login
from thongke.auth import DEACTIVATED, LOCKED_BY_ADMIN
from thongke.clock import utcnow
from thongke.models import Account, AuditEvent


@pytest.fixture
def tree(db):
    return make_tree()


def _snapshot(db):
    db.session.expire_all()
    accounts = db.session.execute(
        select(
            Account.id,
            Account.password_hash,
            Account.failed_logins,
            Account.locked_until,
            Account.must_change_password,
            Account.active,
        ).order_by(Account.id)
    ).all()
    return accounts


@pytest.mark.parametrize(
    ("username", "message"),
    [
        ("", "Hãy nhập tên đăng nhập."),
        ("   ", "Hãy nhập tên đăng nhập."),
        ("a" * 10_000, "tối đa 150 ký tự"),
        ("xã_quảng_nguyên", "chữ cái không dấu"),
        ("huyen\x00mot_tt_ld", "chữ cái không dấu"),
        ("huyen\nmot", "chữ cái không dấu"),
        ("' OR 1=1 --", "chữ cái không dấu"),
        ("<script>alert(1)</script>", "chữ cái không dấu"),
    ],
)
def test_malformed_usernames(client, db, tree, username, message):
    before = _snapshot(db)
    response = login(client, username, "Bất@kỳ123")
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert message in page
    assert "<script>alert(1)</script>" not in page
    assert _snapshot(db) == before


def test_empty_password(client, db, tree):
    response = login(client, tree.xa11_bc.username, "")
    assert response.status_code == 400
    assert "Hãy nhập mật khẩu." in response.get_data(as_text=True)


def test_huge_password_is_refused_before_hashing(client, db, tree):
    before = _snapshot(db)
    response = login(client, tree.xa11_bc.username, "A@1a" * 5000)
    assert response.status_code == 400
    assert "Mật khẩu dài tối đa" in response.get_data(as_text=True)
    assert _snapshot(db) == before


def test_username_is_case_and_space_insensitive(client, db, tree):
    response = login(client, "  " + tree.xa11_bc.username.upper() + " ")
    assert response.status_code == 302


def test_deactivated_account(client, db, tree):
    tree.xa11_bc.active = False
    db.session.commit()
    response = login(client, tree.xa11_bc.username, GOOD_PASSWORD)
    assert response.status_code == 401
    assert DEACTIVATED in response.get_data(as_text=True)
    assert client.get("/").status_code == 302


def test_account_locked_by_admin(client, db, tree):
    tree.xa11_bc.locked_by_admin = True
    db.session.commit()
    response = login(client, tree.xa11_bc.username, GOOD_PASSWORD)
    assert response.status_code == 401
    assert LOCKED_BY_ADMIN in response.get_data(as_text=True)
    # With a wrong password nobody learns the account is locked.
    wrong = login(client, tree.xa11_bc.username, "Sai@mat1khau")
    assert LOCKED_BY_ADMIN not in wrong.get_data(as_text=True)


def test_missing_csrf_changes_nothing(client, db, tree):
    before = _snapshot(db)
    events = db.session.scalar(select(func.count()).select_from(AuditEvent))
    response = client.post(
        "/login", data={"username": tree.xa11_bc.username, "password": "Sai@mat1khau"}
    )
    assert response.status_code == 400
    assert _snapshot(db) == before
    assert db.session.scalar(select(func.count()).select_from(AuditEvent)) == events


def test_forged_session_cookie_is_ignored(client, db, tree):
    client.set_cookie("session", "giả.mạo.cookie")
    assert client.get("/").status_code == 302


def test_deactivation_ends_an_open_session(app, client, db, tree, login_as):
    login_as(tree.xa11_bc)
    assert client.get("/").status_code == 200
    from thongke.accounts import deactivate_account

    admin = db.session.get(Account, tree.admin.id)
    target = db.session.get(Account, tree.xa11_bc.id)
    deactivate_account(admin, target, now=utcnow())
    db.session.commit()
    assert client.get("/").status_code == 302


@pytest.mark.parametrize("url", ["/khong-co-trang-nay", "/admin/khong-co/"])
def test_unknown_pages_are_vietnamese_404(client, db, url):
    response = client.get(url)
    assert response.status_code == 404
    assert "Không tìm thấy" in response.get_data(as_text=True)


@pytest.mark.parametrize(
    "url",
    [
        "/reports/99999999999999999999",
        "/reports/9999999999/history",
        "/admin/unit/details/?id=99999999999999999999",
        "/progress/?unit=99999999999999999999",
        "/api/v1/reports/99999999999999999999",
    ],
)
def test_huge_ids_are_not_found_not_errors(client, db, tree, url):
    login(client, tree.admin.username)
    assert client.get(url).status_code in (401, 404)


def test_accounts_of_a_deactivated_unit_lose_access(app, client, db, tree, login_as):
    from thongke.auth import UNIT_INACTIVE
    from thongke.units import update_unit

    login_as(tree.xa11_bc)
    assert client.get("/").status_code == 200
    update_unit(tree.admin, tree.xa11, {"active": False}, now=utcnow())
    db.session.commit()
    assert client.get("/").status_code == 302  # the open session ends
    refused = login(app.test_client(), tree.xa11_bc.username)
    assert refused.status_code == 401 and UNIT_INACTIVE in refused.get_data(as_text=True)
