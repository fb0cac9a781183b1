"""Fixtures: one migrated database per test run (SQLite, or PostgreSQL when asked), emptied after
each test; a client; a login helper and small builders."""

import contextvars
import os
import re
import uuid

import pytest
from flask.testing import FlaskClient
from flask_migrate import upgrade
from sqlalchemy import create_engine, make_url, text

from thongke import create_app
from thongke.config import normalize_database_url
from thongke.extensions import db as _db

# Cheap hashing keeps the suite fast; production parameters are tested in test_passwords.
FAST_ARGON2 = {"time_cost": 1, "memory_cost": 8, "parallelism": 1}
GOOD_PASSWORD = "Tuphap@2024x"
CSRF_INPUT = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"')


def _backend() -> str:
    return os.environ.get("THONGKE_TEST_BACKEND", "sqlite")


@pytest.fixture(scope="session")
def database_url(tmp_path_factory):
    if _backend() != "postgres":
        yield "sqlite:///" + str(tmp_path_factory.mktemp("db") / "thongke-test.sqlite3")
        return
    base = normalize_database_url(os.environ["TEST_DATABASE_URL"])
    name = f"thongke_test_{uuid.uuid4().hex[:12]}"
    server = create_engine(base, isolation_level="AUTOCOMMIT")
    with server.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        yield make_url(base).set(database=name).render_as_string(hide_password=False)
    finally:
        with server.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        server.dispose()


class IsolatedClient(FlaskClient):
    """A test client whose requests get their own app context, `g` and database session.

    Tests keep an app context open for their builders; without this, Flask would reuse it for
    each request and share `g` and the session between requests, which production never does.
    """

    def open(self, *args, **kwargs):
        def run():
            response = super(IsolatedClient, self).open(*args, **kwargs)
            response.get_data()  # read streamed bodies while their request is still current
            return response

        return contextvars.Context().run(run)


@pytest.fixture(scope="session")
def app(database_url):
    app = create_app(
        {
            "TESTING": True,
            "SECRET_KEY": "clé-de-test",
            "SQLALCHEMY_DATABASE_URI": database_url,
            "ARGON2_PARAMS": FAST_ARGON2,
            "JINJA_STRICT_UNDEFINED": True,
            "FLASK_ADMIN_RAISE_ON_VIEW_EXCEPTION": True,
            "SERVER_NAME": None,
        }
    )
    app.test_client_class = IsolatedClient
    with app.app_context():
        upgrade()  # the schema comes from the migrations, as in production
    yield app
    with app.app_context():
        _db.engine.dispose()


def _empty_database() -> None:
    tables = list(reversed(_db.metadata.sorted_tables))
    if _db.engine.dialect.name == "postgresql":
        names = ", ".join(f'"{t.name}"' for t in tables)
        _db.session.execute(text(f"TRUNCATE {names} RESTART IDENTITY CASCADE"))
    else:
        for table in tables:
            _db.session.execute(table.delete())
    _db.session.commit()


@pytest.fixture
def db(app):
    with app.app_context():
        yield _db
        _db.session.rollback()
        _db.session.remove()
        _empty_database()
        _db.session.remove()


@pytest.fixture
def client(app, db):
    return app.test_client()


def csrf_from(client, url: str) -> str:
    """Open `url` and return the CSRF token its form carries."""
    page = client.get(url)
    match = CSRF_INPUT.search(page.get_data(as_text=True))
    assert match, f"no CSRF token on {url} (status {page.status_code})"
    return match.group(1)


def login(client, username: str, password: str = GOOD_PASSWORD, **extra):
    """Sign in through the login page and return the response (not followed)."""
    token = csrf_from(client, "/login")
    data = {"username": username, "password": password, "csrf_token": token, **extra}
    return client.post("/login", data=data)


def post_form(client, url: str, data: dict, form_url: str | None = None):
    """Post `data` to `url` with a CSRF token taken from `form_url` (default: `url`)."""
    token = csrf_from(client, form_url or url)
    return client.post(url, data={**data, "csrf_token": token})


@pytest.fixture
def login_as(client):
    def _login(account, password: str = GOOD_PASSWORD):
        response = login(client, account.username, password)
        assert response.status_code == 302, response.get_data(as_text=True)[:500]
        return client

    return _login


@pytest.fixture(scope="session")
def live_server(app):
    """Serve the test app on a free local port in a background thread."""
    import threading

    from werkzeug.serving import make_server

    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    thread.join(timeout=5)


CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
]


@pytest.fixture(scope="session")
def browser():
    """Debian's chromium driven by Playwright; `make test` installs it when missing."""
    from playwright.sync_api import sync_playwright

    assert os.path.exists(CHROMIUM), "chromium chưa được cài: chạy `make browser-deps`"
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser, live_server, db):
    context = browser.new_context(
        viewport={"width": 1366, "height": 768}, locale="vi-VN", base_url=live_server
    )
    context.set_default_timeout(10_000)
    page = context.new_page()
    yield page
    context.close()
