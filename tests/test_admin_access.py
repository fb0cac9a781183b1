"""Who may open which admin page, and what each user sees there (roles × URLs)."""

import pytest
from sqlalchemy import select

from tests.builders import make_tree
from tests.conftest import csrf_from, login
from thongke.models import Account, Unit

ROLES = ("anonymous", "admin", "so_ld", "phong1_ld", "xa11_bc")
S, N, F, L = 200, 404, 403, 302  # shown, not found (outside scope), forbidden, to login

# (url, {role: expected status}); {unit:x} and {account:x} name records of the tree.
MATRIX = [
    ("/admin/", dict(anonymous=L, admin=S, so_ld=S, phong1_ld=S, xa11_bc=S)),
    ("/admin/unit/", dict(anonymous=L, admin=S, so_ld=S, phong1_ld=S, xa11_bc=S)),
    ("/admin/account/", dict(anonymous=L, admin=S, so_ld=S, phong1_ld=S, xa11_bc=S)),
    ("/admin/auditevent/", dict(anonymous=L, admin=S, so_ld=F, phong1_ld=F, xa11_bc=F)),
    ("/admin/unit/new/", dict(anonymous=L, admin=S, so_ld=F, phong1_ld=F, xa11_bc=F)),
    ("/admin/account/new/", dict(anonymous=L, admin=S, so_ld=F, phong1_ld=F, xa11_bc=F)),
    (
        "/admin/unit/edit/?id={unit:xa11}",
        dict(anonymous=L, admin=S, so_ld=F, phong1_ld=F, xa11_bc=F),
    ),
    (
        "/admin/account/edit/?id={account:xa11_bc}",
        dict(anonymous=L, admin=S, so_ld=F, phong1_ld=F, xa11_bc=F),
    ),
    (
        "/admin/unit/details/?id={unit:xa11}",
        dict(anonymous=L, admin=S, so_ld=S, phong1_ld=S, xa11_bc=S),
    ),
    (
        "/admin/unit/details/?id={unit:xa12}",
        dict(anonymous=L, admin=S, so_ld=S, phong1_ld=S, xa11_bc=N),
    ),
    (
        "/admin/unit/details/?id={unit:phong1}",
        dict(anonymous=L, admin=S, so_ld=S, phong1_ld=S, xa11_bc=N),
    ),
    (
        "/admin/unit/details/?id={unit:xa21}",
        dict(anonymous=L, admin=S, so_ld=S, phong1_ld=N, xa11_bc=N),
    ),
    (
        "/admin/unit/details/?id={unit:so}",
        dict(anonymous=L, admin=S, so_ld=S, phong1_ld=N, xa11_bc=N),
    ),
    ("/admin/unit/details/?id=999999", dict(anonymous=L, admin=N, so_ld=N, phong1_ld=N, xa11_bc=N)),
    ("/admin/unit/details/?id=abc", dict(anonymous=L, admin=N, so_ld=N, phong1_ld=N, xa11_bc=N)),
    (
        "/admin/account/details/?id={account:xa11_bc}",
        dict(anonymous=L, admin=S, so_ld=S, phong1_ld=S, xa11_bc=S),
    ),
    (
        "/admin/account/details/?id={account:xa12_bc}",
        dict(anonymous=L, admin=S, so_ld=S, phong1_ld=S, xa11_bc=N),
    ),
    (
        "/admin/account/details/?id={account:xa21_bc}",
        dict(anonymous=L, admin=S, so_ld=S, phong1_ld=N, xa11_bc=N),
    ),
    (
        "/admin/account/details/?id={account:admin}",
        dict(anonymous=L, admin=S, so_ld=S, phong1_ld=N, xa11_bc=N),
    ),
]


def _resolve(url: str, tree) -> str:
    for kind in ("unit", "account"):
        while "{" + kind + ":" in url:
            start = url.index("{" + kind + ":")
            end = url.index("}", start)
            name = url[start + len(kind) + 2 : end]
            url = url[:start] + str(getattr(tree, name).id) + url[end + 1 :]
    return url


@pytest.fixture
def tree(db):
    return make_tree()


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize(("url", "expected"), MATRIX, ids=[m[0] for m in MATRIX])
def test_access_matrix(client, tree, role, url, expected):
    if role != "anonymous":
        assert login(client, getattr(tree, role).username).status_code == 302
    response = client.get(_resolve(url, tree))
    assert response.status_code == expected[role], f"{role} {url}"
    if expected[role] == L:
        assert "/login" in response.headers["Location"]


def _names_shown(client, url):
    return client.get(url).get_data(as_text=True)


def test_district_leader_lists_only_own_subtree(client, tree):
    login(client, tree.phong1_ld.username)
    page = _names_shown(client, "/admin/unit/")
    assert "UBND xã Một Một" in page and "UBND xã Một Hai" in page
    assert "UBND xã Hai Một" not in page and "Phòng Tư pháp huyện Hai" not in page
    accounts = _names_shown(client, "/admin/account/")
    assert tree.xa11_bc.username in accounts and tree.xa12_bc.username in accounts
    assert tree.xa21_bc.username not in accounts and tree.admin.username not in accounts


def test_commune_user_sees_only_own_unit_even_in_filter_choices(client, tree):
    login(client, tree.xa11_bc.username)
    page = _names_shown(client, "/admin/unit/")
    assert "UBND xã Một Một" in page
    for other in ("UBND xã Một Hai", "UBND xã Hai Một", "Phòng Tư pháp huyện Hai"):
        assert other not in page
    accounts = _names_shown(client, "/admin/account/")
    assert tree.xa11_bc.username in accounts and tree.xa12_bc.username not in accounts
    assert "UBND xã Một Hai" not in accounts  # nor in the unit filter's options


def test_filter_by_other_branch_shows_nothing(client, tree):
    login(client, tree.phong1_ld.username)
    page = _names_shown(client, f"/admin/account/?flt0_0={tree.xa21.id}")
    assert tree.xa21_bc.username not in page


def test_search_does_not_cross_scope(client, tree):
    login(client, tree.xa11_bc.username)
    page = _names_shown(client, "/admin/account/?search=xahaimot")
    assert tree.xa21_bc.username not in page


def test_non_admin_writes_are_refused_and_change_nothing(client, db, tree):
    login(client, tree.phong1_ld.username)
    token = csrf_from(client, "/admin/unit/")
    edit = client.post(
        f"/admin/unit/edit/?id={tree.xa11.id}",
        data={
            "csrf_token": token,
            "name": "Đã bị sửa",
            "code": "dabisua",
            "level": "xa",
            "parent": str(tree.phong1.id),
            "active": "y",
        },
    )
    assert edit.status_code == 403
    action = client.post(
        "/admin/account/action/",
        data={"csrf_token": token, "action": "reset_password", "rowid": [str(tree.xa11_bc.id)]},
    )
    assert action.status_code == 403
    db.session.expire_all()
    assert db.session.get(Unit, tree.xa11.id).name == "UBND xã Một Một"
    assert not db.session.get(Account, tree.xa11_bc.id).must_change_password


def test_breadcrumbs_on_unit_details(client, tree):
    login(client, tree.admin.username)
    page = client.get(f"/admin/unit/details/?id={tree.xa11.id}").get_data(as_text=True)
    crumbs = page[page.index('class="breadcrumb"') :]
    assert crumbs.index("Sở Tư pháp tỉnh Thử") < crumbs.index("Phòng Tư pháp huyện Một")


def test_admin_lists_everything(client, db, tree):
    login(client, tree.admin.username)
    page = _names_shown(client, "/admin/unit/")
    names = db.session.scalars(select(Unit.name)).all()
    assert all(name in page for name in names)


def test_admin_panel_speaks_vietnamese(client, tree):
    login(client, tree.admin.username)
    page = client.get("/admin/account/").get_data(as_text=True)
    for label in ("Danh sách", "Tạo", "Thêm bộ lọc", "Thao tác với mục đã chọn", "Tìm"):
        assert label in page
    for english in ("Add Filter", "With selected", "Create", ">List", "Search"):
        assert english not in page


def test_our_wording_replaces_flask_admins(client, tree):
    login(client, tree.admin.username)
    page = client.get("/admin/account/").get_data(as_text=True)
    assert "50 dòng" in page and "mặt hàng" not in page
    assert "Thao tác với mục đã chọn" in page


def test_compiled_catalog_matches_its_source():
    """translations/…/admin.mo is compiled from admin.po; a changed .po needs pybabel compile."""
    import io
    from pathlib import Path

    from babel.messages.mofile import read_mo
    from babel.messages.pofile import read_po

    folder = Path(__file__).resolve().parent.parent / "translations" / "vi" / "LC_MESSAGES"
    source = read_po(io.BytesIO((folder / "admin.po").read_bytes()))
    compiled = read_mo(io.BytesIO((folder / "admin.mo").read_bytes()))

    def entries(catalog):
        def plain(value):
            return tuple(value) if isinstance(value, list | tuple) else value

        return {plain(m.id): plain(m.string) for m in catalog if m.id}

    assert entries(source) == entries(compiled)
