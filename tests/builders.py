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


def load_catalog():
    """Store the seed catalog's forms and return them by code."""
    from sqlalchemy import select

    from thongke.catalog.store import SEED_CATALOG, read_catalog_file, store_catalog
    from thongke.models import Form

    store_catalog(read_catalog_file(SEED_CATALOG), now=utcnow(), only_missing=True)
    db.session.commit()
    return {f.code: f for f in db.session.scalars(select(Form))}


def make_period(codes, kind="NAM_CT", year=2019):
    """Open a period collecting the named forms; its reports are made for every unit."""
    from thongke.periods import add_period

    forms = load_catalog()
    period = add_period(kind, year, [forms[c] for c in codes], now=utcnow())
    db.session.commit()
    return period


def report_of(unit, code, period):
    from sqlalchemy import select

    from thongke.models import Form, Report

    return db.session.scalar(
        select(Report)
        .join(Form)
        .where(Report.unit_id == unit.id, Report.period_id == period.id, Form.code == code)
    )


F13A = "13a/BTP/HTQTCT/HT"
F17A = "17a/BTP/HTQTCT/CT"
F17B = "17b/BTP/HTQTCT/CT"
F12A = "12a/BTP/BTTP/CC"


F13B = "13b/BTP/HTQTCT/HT"
F17C = "17c/BTP/HTQTCT/CT"
WORKFLOW_FORMS = [F17A, F13A, F17B, F13B, F17C]


def make_workflow_tree():
    """The small tree with every role the workflow needs, and the 2019 period."""
    t = make_tree()
    t.xa11_ld = make_account(t.xa11, "ld")
    t.xa12_ld = make_account(t.xa12, "ld")
    t.xa21_ld = make_account(t.xa21, "ld")
    t.phong1_bc = make_account(t.phong1, "bc")
    t.phong2_bc = make_account(t.phong2, "bc")
    t.phong2_kt = make_account(t.phong2, "kt")
    t.so_bc = make_account(t.so, "bc")
    t.so_kt = make_account(t.so, "kt")
    t.period = make_period(WORKFLOW_FORMS)
    return t
