"""Unit and account operations called directly: admin check, validation, subtree paths."""

import pytest
from sqlalchemy import select

from tests.builders import make_tree, make_unit
from thongke.accounts import create_account, lock_account, reset_password, update_account
from thongke.clock import utcnow
from thongke.errors import PermissionDenied, ValidationFailed
from thongke.models import Unit
from thongke.scope import can_see_unit
from thongke.units import create_unit, update_unit


@pytest.fixture
def tree(db):
    return make_tree()


@pytest.mark.parametrize("role", ["so_ld", "phong1_ld", "xa11_bc"])
def test_only_admins_administer(db, tree, role):
    actor = getattr(tree, role)
    with pytest.raises(PermissionDenied, match="quản trị viên"):
        create_unit(
            actor, now=utcnow(), name="UBND xã Mới", code="xamoi", level="xa", parent=tree.phong1
        )
    with pytest.raises(PermissionDenied):
        update_unit(actor, tree.xa11, {"name": "Khác"}, now=utcnow())
    with pytest.raises(PermissionDenied):
        create_account(
            actor, unit=tree.xa11, username="xamotmot_hm_tt_bc9", role="bc", now=utcnow()
        )
    with pytest.raises(PermissionDenied):
        reset_password(actor, tree.xa12_bc, now=utcnow())
    with pytest.raises(PermissionDenied):
        lock_account(actor, tree.xa12_bc, now=utcnow())


def test_moving_a_district_reroots_its_communes(db, tree):
    new_so = make_unit("Sở Tư pháp tỉnh Khác", "so", code="sotuphap_tk")
    update_unit(tree.admin, tree.phong1, {"parent": new_so}, now=utcnow())
    db.session.commit()
    db.session.expire_all()
    for unit in (tree.xa11, tree.xa12):
        fresh = db.session.get(Unit, unit.id)
        assert fresh.path == f"{new_so.path}{tree.phong1.id}/{unit.id}/"
    assert not can_see_unit(tree.so_ld, db.session.get(Unit, tree.xa11.id))


def test_a_unit_cannot_move_below_itself(db, tree):
    with pytest.raises(ValidationFailed, match="chính nó"):
        update_unit(tree.admin, tree.so, {"parent": tree.phong1, "level": "xa"}, now=utcnow())


def test_communes_may_report_straight_to_the_so(db, tree):
    # The two-level structure since 1/7/2025: communes directly under the Sở.
    xa = create_unit(
        tree.admin,
        now=utcnow(),
        name="UBND xã Hai Cấp",
        code="xahaicap_tt",
        level="xa",
        parent=tree.so,
    )
    assert xa.path == f"{tree.so.path}{xa.id}/"


def test_district_may_not_hang_under_a_commune(db, tree):
    with pytest.raises(ValidationFailed, match="phải trực thuộc"):
        create_unit(
            tree.admin,
            now=utcnow(),
            name="Phòng Lạ",
            code="phongla",
            level="phong",
            parent=tree.xa11,
        )


def test_update_account_refuses_unknown_fields(db, tree):
    with pytest.raises(ValidationFailed, match="password_hash"):
        update_account(tree.admin, tree.xa11_bc, {"password_hash": "x"}, now=utcnow())


def test_admin_cannot_drop_own_admin_flag(db, tree):
    with pytest.raises(ValidationFailed, match="quyền quản trị"):
        update_account(tree.admin, tree.admin, {"is_admin": False}, now=utcnow())


def test_scope_is_a_subtree(db, tree):
    assert can_see_unit(tree.phong1_ld, tree.xa11)
    assert not can_see_unit(tree.phong1_ld, tree.xa21)
    assert not can_see_unit(tree.xa11_bc, tree.phong1)
    assert can_see_unit(tree.admin, tree.xa21)
    codes = set(db.session.scalars(select(Unit.code)))
    assert "huyenmot_tt" in codes


def test_production_hashing_uses_owasp_argon2id(tmp_path):
    """Without a test override, the app hashes with argon2id at OWASP's minimum settings."""
    from thongke import create_app
    from thongke.passwords import hash_password

    app = create_app(
        {"SECRET_KEY": "x", "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path}/x.sqlite3"}
    )
    with app.app_context():
        encoded = hash_password("Tuphap@2024x")
    assert encoded.startswith("$argon2id$") and "m=19456,t=2,p=1" in encoded
