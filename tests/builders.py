"""Small builders: units, accounts and a tiny province tree, made through the domain code."""

from types import SimpleNamespace

from tests.conftest import GOOD_PASSWORD
from thongke.accounts import add_account
from thongke.clock import utcnow
from thongke.extensions import db
from thongke.naming import compact
from thongke.passwords import hash_password
from thongke.units import add_unit


def make_unit(name: str, level: str, parent=None, code: str | None = None, **extra):
    unit = add_unit(
        None,
        now=utcnow(),
        name=name,
        level=level,
        parent=parent,
        code=code or compact(name),
        **extra,
    )
    db.session.commit()
    return unit


def make_account(
    unit,
    role: str = "bc",
    *,
    username: str | None = None,
    is_admin=False,
    password: str = GOOD_PASSWORD,
    must_change: bool = False,
):
    account = add_account(
        None,
        unit=unit,
        username=username or f"{unit.code}_{role}",
        role=role,
        is_admin=is_admin,
        now=utcnow(),
        password_hash=hash_password(password),
    )
    account.must_change_password = must_change
    db.session.commit()
    return account


def make_tree():
    """Build a Sở with an admin, two districts with two communes each, and their accounts."""
    t = SimpleNamespace()
    t.so = make_unit("Sở Tư pháp tỉnh Thử", "so", code="sotuphap_tt")
    t.admin = make_account(t.so, "bc", username="sotuphap_tt_qt", is_admin=True)
    t.so_ld = make_account(t.so, "ld")
    t.phong1 = make_unit("Phòng Tư pháp huyện Một", "phong", t.so, code="huyenmot_tt")
    t.phong2 = make_unit("Phòng Tư pháp huyện Hai", "phong", t.so, code="huyenhai_tt")
    t.phong1_ld = make_account(t.phong1, "ld")
    t.phong1_kt = make_account(t.phong1, "kt")
    t.phong2_ld = make_account(t.phong2, "ld")
    t.xa11 = make_unit("UBND xã Một Một", "xa", t.phong1, code="xamotmot_hm_tt")
    t.xa12 = make_unit("UBND xã Một Hai", "xa", t.phong1, code="xamothai_hm_tt")
    t.xa21 = make_unit("UBND xã Hai Một", "xa", t.phong2, code="xahaimot_hh_tt")
    t.xa11_bc = make_account(t.xa11, "bc")
    t.xa12_bc = make_account(t.xa12, "bc")
    t.xa21_bc = make_account(t.xa21, "bc")
    return t
