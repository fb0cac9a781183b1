"""The Hà Giang demo seed: real units, conventional logins, idempotent."""

import pytest
from sqlalchemy import func, select

from thongke.clock import utcnow
from thongke.models import Account, Period, Report, Unit
from thongke.passwords import DEFAULT_PASSWORD, verify_password
from thongke.seed import seed_demo


@pytest.fixture
def seeded(db):
    summary = seed_demo(utcnow())
    db.session.commit()
    return summary


def _count(db, level):
    return db.session.scalar(select(func.count()).select_from(Unit).where(Unit.level == level))


def test_seed_counts(db, seeded):
    assert (_count(db, "so"), _count(db, "phong"), _count(db, "xa")) == (1, 11, 193)
    assert _count(db, "to_chuc_cc") == 2
    # Sở: bc, kt, ld and the administrator; each Phòng: bc, kt, ld; each xã and notary: bc, ld.
    expected = 4 + 11 * 3 + 193 * 2 + 2 * 2
    assert db.session.scalar(select(func.count()).select_from(Account)) == expected
    assert seeded.lines()[0] == (
        "Đã tạo đơn vị: 1 Sở Tư pháp, 11 Phòng Tư pháp, 193 UBND cấp xã, "
        "2 Tổ chức hành nghề công chứng."
    )


def test_seed_loads_the_catalog_and_opens_2019(db, seeded):
    assert len(seeded.forms) == 8
    period = db.session.scalar(select(Period))
    assert period.name == "Kỳ báo cáo năm chính thức 2019" and period.is_open
    assert sorted(f.code.split("/")[0] for f in period.forms) == [
        "12a",
        "12b",
        "13a",
        "13b",
        "17a",
        "17b",
        "17c",
    ]
    # 193 communes × (17a, 13a) + 11 districts × (17b, 13b) + Sở × (17c, 12b) + 2 notaries × 12a
    assert db.session.scalar(select(func.count()).select_from(Report)) == 193 * 2 + 11 * 2 + 2 + 2
    notary = db.session.scalar(select(Unit).where(Unit.level == "to_chuc_cc"))
    assert {
        a.username for a in db.session.scalars(select(Account).where(Account.unit_id == notary.id))
    } == {f"{notary.code}_bc", f"{notary.code}_ld"}


def test_naming_convention(db, seeded):
    xin_man = db.session.scalar(select(Unit).where(Unit.code == "huyenxinman_thg"))
    assert xin_man.name == "Phòng Tư pháp huyện Xín Mần"
    assert xin_man.parent.name == "Sở Tư pháp tỉnh Hà Giang"
    quang_nguyen = db.session.scalar(select(Unit).where(Unit.code == "xaquangnguyen_hxm_thg"))
    assert quang_nguyen.name == "UBND xã Quảng Nguyên"
    assert quang_nguyen.parent is xin_man
    names = set(db.session.scalars(select(Account.username)))
    assert {
        "huyenxinman_thg_ld",
        "huyenxinman_thg_kt",
        "huyenxinman_thg_bc",
        "xaquangnguyen_hxm_thg_ld",
        "xaquangnguyen_hxm_thg_bc",
        "sotuphap_thg_bc",
        "sotuphap_thg_kt",
        "sotuphap_thg_ld",
        "sotuphap_thg_qt",
    } <= names
    assert "xaquangnguyen_hxm_thg_kt" not in names  # communes have no checker


def test_every_code_is_ascii_and_unique(db, seeded):
    codes = list(db.session.scalars(select(Unit.code)))
    assert len(codes) == len(set(codes))
    assert all(code.isascii() and code == code.lower() and " " not in code for code in codes)


def test_accounts_start_with_default_password_to_change(db, seeded):
    account = db.session.scalar(select(Account).where(Account.username == "huyenxinman_thg_ld"))
    assert account.must_change_password
    assert account.role == "ld" and account.unit.code == "huyenxinman_thg"
    assert verify_password(account.password_hash, DEFAULT_PASSWORD)
    admin = db.session.scalar(select(Account).where(Account.username == "sotuphap_thg_qt"))
    assert admin.is_admin and admin.unit.level == "so"


def test_second_run_changes_nothing(db, seeded):
    before_units = db.session.execute(select(Unit.id, Unit.code, Unit.path)).all()
    before_accounts = db.session.execute(select(Account.id, Account.password_hash)).all()
    again = seed_demo(utcnow())
    db.session.commit()
    assert again.lines() == ["Dữ liệu mẫu đã đủ, không tạo thêm gì."]
    assert db.session.execute(select(Unit.id, Unit.code, Unit.path)).all() == before_units
    assert db.session.execute(select(Account.id, Account.password_hash)).all() == before_accounts


def test_cli_seed_demo_if_empty(app, db):
    runner = app.test_cli_runner()
    first = runner.invoke(args=["seed-demo", "--if-empty"])
    assert "193 UBND cấp xã" in first.output
    second = runner.invoke(args=["seed-demo", "--if-empty"])
    assert "bỏ qua" in second.output
    third = runner.invoke(args=["seed-demo"])
    assert "không tạo thêm gì" in third.output
