"""Sign-in, forced password change, policy, lockout, CSRF and the audit log over HTTP."""

from datetime import timedelta

import pytest
from sqlalchemy import select

from tests.builders import make_account, make_unit
from tests.conftest import GOOD_PASSWORD, csrf_from, login, post_form
from thongke.auth import GENERIC_FAILURE, authenticate
from thongke.clock import utcnow
from thongke.models import Account, AuditEvent
from thongke.passwords import DEFAULT_PASSWORD


@pytest.fixture
def phong(db):
    so = make_unit("Sở Tư pháp tỉnh Thử", "so", code="sotuphap_tt")
    return make_unit("Phòng Tư pháp huyện Xín Mần", "phong", so, code="huyenxinman_tt")


@pytest.fixture
def new_leader(phong):
    return make_account(phong, "ld", password=DEFAULT_PASSWORD, must_change=True)


@pytest.fixture
def leader(phong):
    return make_account(phong, "ld")


def _events(db, username):
    db.session.expire_all()
    return [
        e.event
        for e in db.session.scalars(
            select(AuditEvent)
            .where(AuditEvent.username == username, AuditEvent.event != "account_created")
            .order_by(AuditEvent.id)
        )
    ]


def _reload(db, account):
    db.session.expire_all()
    return db.session.get(Account, account.id)


def test_login_page_has_named_fields(client):
    page = client.get("/login").get_data(as_text=True)
    assert 'name="username"' in page and 'name="password"' in page and 'name="csrf_token"' in page


def test_anonymous_is_sent_to_login(client):
    response = client.get("/")
    assert response.status_code == 302 and "/login" in response.headers["Location"]


def test_first_login_forces_password_change_then_home(client, db, new_leader):
    response = login(client, new_leader.username, DEFAULT_PASSWORD)
    assert response.status_code == 302 and response.headers["Location"].endswith("/password")
    # Every other page, the admin panel included, sends the user back to the change.
    for url in ("/", "/admin/", "/admin/unit/", "/admin/account/"):
        blocked = client.get(url)
        assert blocked.status_code == 302 and blocked.headers["Location"].endswith("/password")
    response = post_form(
        client,
        "/password",
        {
            "current_password": DEFAULT_PASSWORD,
            "new_password": GOOD_PASSWORD,
            "confirm": GOOD_PASSWORD,
        },
    )
    assert response.status_code == 302
    home = client.get("/").get_data(as_text=True)
    assert "Phòng Tư pháp huyện Xín Mần" in home and "Lãnh đạo" in home
    assert not _reload(db, new_leader).must_change_password
    assert _events(db, new_leader.username) == ["login", "password_changed"]


@pytest.mark.parametrize(
    ("new_password", "message"),
    [
        ("Ab@1", "ít nhất 8 ký tự"),
        ("abcdefg@1", "chữ in hoa"),
        ("ABCDEFG@1", "chữ thường"),
        ("Abcdefgh@", "chữ số"),
        ("Abcdefgh1", "ký hiệu"),
        (DEFAULT_PASSWORD, "ít nhất 8 ký tự"),
        ("X@1huyenxinman_tt_ldY", "không được chứa tên đăng nhập"),
    ],
)
def test_password_policy(client, db, new_leader, new_password, message):
    login(client, new_leader.username, DEFAULT_PASSWORD)
    before = _reload(db, new_leader).password_hash
    response = post_form(
        client,
        "/password",
        {
            "current_password": DEFAULT_PASSWORD,
            "new_password": new_password,
            "confirm": new_password,
        },
    )
    assert response.status_code == 400
    assert message in response.get_data(as_text=True)
    account = _reload(db, new_leader)
    assert account.password_hash == before and account.must_change_password


def test_default_password_is_refused_by_name(client, db, phong):
    # The default itself is 9 characters and passes the length rule, so it needs its own check.
    account = make_account(phong, "bc", password="Khac@12345", must_change=True)
    login(client, account.username, "Khac@12345")
    response = post_form(
        client,
        "/password",
        {
            "current_password": "Khac@12345",
            "new_password": DEFAULT_PASSWORD,
            "confirm": DEFAULT_PASSWORD,
        },
    )
    assert response.status_code == 400
    assert "mật khẩu mặc định" in response.get_data(as_text=True)


def test_wrong_current_password_and_mismatch(client, db, new_leader):
    login(client, new_leader.username, DEFAULT_PASSWORD)
    wrong = post_form(
        client,
        "/password",
        {"current_password": "sai", "new_password": GOOD_PASSWORD, "confirm": GOOD_PASSWORD},
    )
    assert wrong.status_code == 400 and "Mật khẩu hiện tại không đúng" in wrong.get_data(True)
    mismatch = post_form(
        client,
        "/password",
        {
            "current_password": DEFAULT_PASSWORD,
            "new_password": GOOD_PASSWORD,
            "confirm": GOOD_PASSWORD + "x",
        },
    )
    assert mismatch.status_code == 400 and "không khớp" in mismatch.get_data(True)


def test_wrong_password_and_unknown_user_get_the_same_message(client, db, leader):
    wrong = login(client, leader.username, "Sai@mat1khau")
    unknown = login(client, "khongcoai_tt_ld", "Sai@mat1khau")
    assert wrong.status_code == unknown.status_code == 401
    assert GENERIC_FAILURE in wrong.get_data(as_text=True)
    assert GENERIC_FAILURE in unknown.get_data(as_text=True)
    assert _events(db, leader.username) == ["login_failed"]
    assert _events(db, "khongcoai_tt_ld") == ["login_failed"]


def test_lockout_after_five_failures(client, db, leader):
    for _ in range(5):
        assert login(client, leader.username, "Sai@mat1khau").status_code == 401
    # Now even the right password is refused, with the same message.
    refused = login(client, leader.username, GOOD_PASSWORD)
    assert refused.status_code == 401 and GENERIC_FAILURE in refused.get_data(as_text=True)
    assert _reload(db, leader).locked_until is not None
    assert _events(db, leader.username).count("lockout") == 1


def test_lock_expires_after_fifteen_minutes(db, leader):
    start = utcnow()
    for i in range(5):
        assert not authenticate(
            leader.username, "Sai@1aaaaa", ip=None, now=start + timedelta(minutes=i)
        ).ok
    assert not authenticate(
        leader.username, GOOD_PASSWORD, ip=None, now=start + timedelta(minutes=18)
    ).ok
    assert authenticate(
        leader.username, GOOD_PASSWORD, ip=None, now=start + timedelta(minutes=20)
    ).ok


def test_failures_spread_over_more_than_fifteen_minutes_do_not_lock(db, leader):
    start = utcnow()
    for i in range(8):
        authenticate(leader.username, "Sai@1aaaaa", ip=None, now=start + timedelta(minutes=4 * i))
    assert leader.locked_until is None
    assert authenticate(
        leader.username, GOOD_PASSWORD, ip=None, now=start + timedelta(minutes=40)
    ).ok


def test_login_without_csrf_token_is_refused(client, db, leader):
    response = client.post("/login", data={"username": leader.username, "password": GOOD_PASSWORD})
    assert response.status_code == 400
    assert "Phiên làm việc đã hết hạn" in response.get_data(as_text=True)
    assert client.get("/").status_code == 302
    assert _events(db, leader.username) == []


def test_logout_is_post_only_and_recorded(client, db, leader, login_as):
    login_as(leader)
    assert client.get("/logout").status_code == 405
    token = csrf_from(client, "/")
    assert client.post("/logout", data={"csrf_token": token}).status_code == 302
    assert client.get("/").status_code == 302
    assert _events(db, leader.username) == ["login", "logout"]


def test_logout_without_csrf_is_refused(client, db, leader, login_as):
    login_as(leader)
    assert client.post("/logout").status_code == 400
    assert client.get("/").status_code == 200


@pytest.mark.parametrize(
    ("next_url", "expected"),
    [
        ("/admin/unit/", "/admin/unit/"),
        ("https://evil.example/", "/"),
        ("//evil.example/", "/"),
        ("/\\evil.example", "/"),
    ],
)
def test_next_only_to_local_paths(client, db, leader, next_url, expected):
    response = login(client, leader.username, GOOD_PASSWORD, next=next_url)
    assert response.status_code == 302
    assert response.headers["Location"] == expected


def test_session_cookie_flags(client, db, leader):
    response = login(client, leader.username)
    cookie = response.headers["Set-Cookie"]
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie


def test_password_change_ends_other_sessions(app, db, leader, login_as):
    other = app.test_client()
    login(other, leader.username)
    assert other.get("/").status_code == 200
    client = login_as(leader)
    post_form(
        client,
        "/password",
        {
            "current_password": GOOD_PASSWORD,
            "new_password": "Moi@Matkhau9",
            "confirm": "Moi@Matkhau9",
        },
    )
    assert client.get("/").status_code == 200
    assert other.get("/").status_code == 302  # the old session no longer opens pages


def test_ip_is_recorded(client, db, leader):
    client.environ_base["REMOTE_ADDR"] = "10.1.2.3"
    login(client, leader.username)
    event = db.session.scalar(select(AuditEvent).where(AuditEvent.event == "login"))
    assert event.ip == "10.1.2.3" and event.at is not None
