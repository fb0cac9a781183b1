"""The interface: Vietnamese everywhere, error pages, local compressed assets, no CDN."""

import re
from pathlib import Path

import pytest

from tests.builders import F17A, make_workflow_tree, report_of
from tests.conftest import csrf_from, login
from thongke import create_app

TEMPLATES = Path(__file__).resolve().parent.parent / "templates"
# Words of English UI text; none may show in the project's templates.
ENGLISH = {
    "save",
    "cancel",
    "submit",
    "delete",
    "edit",
    "login",
    "logout",
    "log",
    "password",
    "username",
    "home",
    "back",
    "search",
    "filter",
    "export",
    "import",
    "download",
    "upload",
    "error",
    "warning",
    "success",
    "loading",
    "please",
    "welcome",
    "settings",
    "profile",
    "report",
    "reports",
    "status",
    "period",
    "unit",
    "account",
    "next",
    "previous",
    "yes",
    "close",
    "open",
    "name",
    "total",
    "the",
    "and",
    "of",
    "to",
    "is",
    "your",
    "you",
    "not",
    "found",
    "forbidden",
    "page",
    "sign",
    "out",
    "history",
    "list",
    "create",
    "new",
    "approve",
    "return",
    "reason",
    "print",
    "help",
    "view",
    "details",
    "select",
    "choose",
}
VISIBLE_ATTRIBUTES = re.compile(r'\b(?:placeholder|title|aria-label|alt|data-confirm)="([^"{]*)"')


def _visible_text(source: str) -> str:
    source = re.sub(r"\{#.*?#\}", " ", source, flags=re.S)
    source = re.sub(r"\{%.*?%\}", " ", source, flags=re.S)
    source = re.sub(r"\{\{.*?\}\}", " ", source, flags=re.S)
    source = re.sub(r"<script\b.*?</script>", " ", source, flags=re.S)
    source = re.sub(r"<style\b.*?</style>", " ", source, flags=re.S)
    attributes = " ".join(VISIBLE_ATTRIBUTES.findall(source))
    return re.sub(r"<[^>]+>", " ", source) + " " + attributes


@pytest.mark.parametrize(
    "path", sorted(TEMPLATES.rglob("*.html")), ids=lambda p: str(p.relative_to(TEMPLATES))
)
def test_templates_have_no_english_ui_text(path):
    words = re.findall(r"[A-Za-z]+", _visible_text(path.read_text(encoding="utf-8")))
    english = sorted({w for w in words if w.lower() in ENGLISH})
    assert not english, f"{path.name}: {english}"


def test_the_check_catches_english():
    words = re.findall(r"[A-Za-z]+", _visible_text('<button title="Save">Log in</button>'))
    assert {w.lower() for w in words} & ENGLISH == {"save", "log"}


@pytest.fixture
def t(db):
    return make_workflow_tree()


@pytest.mark.parametrize(
    "url",
    [
        "/",
        "/reports/",
        "/progress/",
        "/profile",
        "/admin/",
        "/admin/unit/",
        "/admin/account/",
        "/admin/report/",
        "/admin/period/",
        "/admin/catalog/",
    ],
)
def test_rendered_pages_show_no_english_ui_words(client, t, url):
    login(client, t.admin.username)
    html = client.get(url).get_data(as_text=True)
    text = _visible_text(html)
    for phrase in (
        "Add Filter",
        "With selected",
        "Delete",
        "Save",
        "Log out",
        "Search",
        "Create",
        "No items",
        "Export",
    ):
        assert phrase not in text, (url, phrase)


def test_error_pages_in_vietnamese(client, t):
    login(client, t.xa11_bc.username)
    assert "Không có quyền truy cập" in client.get("/admin/period/new/").get_data(True)
    assert "Không tìm thấy" in client.get("/khong-co").get_data(True)
    assert "Thao tác không được phép" in client.get("/logout").get_data(True)
    report = report_of(t.xa11, F17A, t.period)
    token = csrf_from(client, f"/reports/{report.id}")
    big = client.post(
        f"/reports/{report.id}/import",
        data={
            "csrf_token": token,
            "file": (__import__("io").BytesIO(b"0" * (7 * 1024 * 1024)), "x.xlsx"),
        },
        content_type="multipart/form-data",
    )
    assert big.status_code == 413 and "Tệp quá lớn" in big.get_data(as_text=True)


def test_server_error_page_in_vietnamese(app, t, monkeypatch):
    production_like = create_app(
        {
            "SQLALCHEMY_DATABASE_URI": app.config["SQLALCHEMY_DATABASE_URI"],
            "SECRET_KEY": "x",
            "WTF_CSRF_ENABLED": False,
            "ARGON2_PARAMS": app.config["ARGON2_PARAMS"],
        }
    )
    client = production_like.test_client()
    client.post("/login", data={"username": t.xa11_bc.username, "password": "Tuphap@2024x"})

    def broken(*args, **kwargs):
        raise RuntimeError("hỏng")

    monkeypatch.setattr("thongke.views.home.my_tasks", broken)
    response = client.get("/")
    assert response.status_code == 500
    assert "Lỗi hệ thống" in response.get_data(as_text=True)


def test_assets_are_local_compressed_and_cached(client, t):
    for path in TEMPLATES.rglob("*.html"):
        source = path.read_text(encoding="utf-8")
        assert not re.search(r'(?:src|href)="(?:https?:)?//', source), path.name
    login(client, t.xa11_bc.username)
    page = client.get("/", headers={"Accept-Encoding": "gzip"})
    assert page.headers.get("Content-Encoding") == "gzip"
    assert "private" in page.headers["Cache-Control"]
    css = re.search(
        r'href="(/admin/static/[^"]+bootstrap\.min\.css[^"]*)"',
        client.get("/").get_data(as_text=True),
    ).group(1)
    # Files are sent as streams, which Flask-Compress encodes with brotli, zstd or deflate.
    asset = client.get(css, headers={"Accept-Encoding": "gzip, deflate, br"})
    assert asset.status_code == 200 and asset.headers.get("Content-Encoding") == "br"
    assert "max-age=604800" in asset.headers["Cache-Control"]
    own = re.search(r'href="(/static/app\.css\?v=\d+)"', client.get("/").get_data(True)).group(1)
    assert "max-age=604800" in client.get(own).headers["Cache-Control"]
