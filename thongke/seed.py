"""The Hà Giang demo province: real units from `vietnam-provinces`, accounts by convention."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import date, datetime

from sqlalchemy import select
from vietnam_provinces import NESTED_DIVISIONS_JSON_PATH

from thongke.accounts import ROLES_BY_LEVEL, add_account
from thongke.catalog.store import SEED_CATALOG, read_catalog_file, store_catalog
from thongke.extensions import db
from thongke.models import LEVELS, Account, Form, Period, Unit
from thongke.naming import compact, initials, unique_code
from thongke.passwords import DEFAULT_PASSWORD, hash_password
from thongke.periods import add_period
from thongke.units import add_unit

DEMO_PROVINCE = "Tỉnh Hà Giang"
NOTARY_OFFICES = ("Phòng Công chứng số 1", "Phòng Công chứng số 2")
# The 2019 official annual period of the seed letter; 13a/b stand in for the civil-status forms.
DEMO_PERIOD = ("NAM_CT", 2019)
# The seed letter's deadlines: communes by 20/01/2020, districts by 10/02/2020.
DEMO_DEADLINES = {"xa": date(2020, 1, 20), "phong": date(2020, 2, 10)}
DEMO_PERIOD_FORMS = (
    "17a/BTP/HTQTCT/CT",
    "17b/BTP/HTQTCT/CT",
    "17c/BTP/HTQTCT/CT",
    "12a/BTP/BTTP/CC",
    "12b/BTP/BTTP/CC",
    "13a/BTP/HTQTCT/HT",
    "13b/BTP/HTQTCT/HT",
)


@dataclass
class SeedSummary:
    units: dict[str, int] = field(default_factory=dict)
    accounts: list[str] = field(default_factory=list)
    forms: list[str] = field(default_factory=list)
    period: str | None = None

    def lines(self) -> list[str]:
        if not self.units and not self.accounts and not self.forms and not self.period:
            return ["Dữ liệu mẫu đã đủ, không tạo thêm gì."]
        made = ", ".join(f"{n} {LEVELS[level]}" for level, n in self.units.items()) or "0"
        lines = [f"Đã tạo đơn vị: {made}.", f"Đã tạo {len(self.accounts)} tài khoản."]
        if self.forms:
            lines.append(f"Đã nạp {len(self.forms)} biểu mẫu: " + ", ".join(self.forms) + ".")
        if self.period:
            lines.append(f"Đã mở {self.period}.")
        return lines


def load_province(name: str) -> dict:
    """Return the province's nested record (districts and wards) from the package's data."""
    provinces = json.loads(NESTED_DIVISIONS_JSON_PATH.read_text(encoding="utf-8"))
    for province in provinces:
        if province["name"] == name:
            return province
    raise LookupError(f"Không tìm thấy {name} trong danh mục đơn vị hành chính.")


def _lower_first(name: str) -> str:
    return name[:1].lower() + name[1:]


class _Seeder:
    def __init__(self, now: datetime):
        self.now = now
        self.summary = SeedSummary()
        self.codes = set(db.session.scalars(select(Unit.code)))
        units = list(db.session.scalars(select(Unit)))
        self.by_admin_code = {u.admin_code: u for u in units if u.admin_code}
        self.by_name = {u.name: u for u in units if not u.admin_code}
        self.usernames = set(db.session.scalars(select(Account.username)))
        self._default_hash: str | None = None

    def unit(self, *, admin_code: str | None, name: str, code: str, level: str, parent) -> Unit:
        # Units with an official code are found by it; the others (notary offices) by name.
        existing = self.by_admin_code.get(admin_code) if admin_code else self.by_name.get(name)
        if existing is not None:
            return existing
        code = unique_code(code, self.codes)
        unit = add_unit(
            None,
            now=self.now,
            name=name,
            code=code,
            admin_code=admin_code,
            level=level,
            parent=parent,
        )
        self.codes.add(code)
        if admin_code:
            self.by_admin_code[admin_code] = unit
        else:
            self.by_name[name] = unit
        self.summary.units[level] = self.summary.units.get(level, 0) + 1
        return unit

    def accounts(self, unit: Unit, *, admin: bool = False) -> None:
        wanted = [(role, False) for role in ROLES_BY_LEVEL[unit.level]]
        if admin:
            wanted.append(("qt", True))
        for suffix, is_admin in wanted:
            username = f"{unit.code}_{suffix}"
            if username in self.usernames:
                continue
            if self._default_hash is None:
                # Every seeded account starts with the same, public default password and must
                # change it at first sign-in, so one hash serves them all.
                self._default_hash = hash_password(DEFAULT_PASSWORD)
            add_account(
                None,
                unit=unit,
                username=username,
                role="bc" if is_admin else suffix,
                is_admin=is_admin,
                now=self.now,
                password_hash=self._default_hash,
            )
            self.usernames.add(username)
            self.summary.accounts.append(username)


def seed_demo(now: datetime, province_name: str = DEMO_PROVINCE) -> SeedSummary:
    """Create what is missing of the demo province; a second run changes nothing."""
    province = load_province(province_name)
    seeder = _Seeder(now)
    province_tag = initials(province["name"])
    so = seeder.unit(
        admin_code=f"{province['code']:02d}",
        name=f"Sở Tư pháp {_lower_first(province['name'])}",
        code=f"sotuphap_{province_tag}",
        level="so",
        parent=None,
    )
    seeder.accounts(so, admin=True)
    for district in province["districts"]:
        phong = seeder.unit(
            admin_code=f"{district['code']:03d}",
            name=f"Phòng Tư pháp {_lower_first(district['name'])}",
            code=f"{compact(district['name'])}_{province_tag}",
            level="phong",
            parent=so,
        )
        seeder.accounts(phong)
        district_tag = initials(district["name"])
        for ward in district["wards"]:
            xa = seeder.unit(
                admin_code=f"{ward['code']:05d}",
                name=f"UBND {_lower_first(ward['name'])}",
                code=f"{compact(ward['name'])}_{district_tag}_{province_tag}",
                level="xa",
                parent=phong,
            )
            seeder.accounts(xa)
    for office in NOTARY_OFFICES:
        notary = seeder.unit(
            admin_code=None,
            name=office,
            level="to_chuc_cc",
            parent=so,
            code=f"{compact(office)}_{province_tag}",
        )
        seeder.accounts(notary)
    seeder.summary.forms = store_catalog(
        read_catalog_file(SEED_CATALOG), now=now, only_missing=True, by="seed-demo"
    )
    kind, year = DEMO_PERIOD
    if db.session.scalar(select(Period.id).where(Period.kind == kind, Period.year == year)) is None:
        forms = list(
            db.session.scalars(
                select(Form).where(Form.code.in_(DEMO_PERIOD_FORMS)).order_by(Form.position)
            )
        )
        period = add_period(kind, year, forms, now=now, deadlines=DEMO_DEADLINES)
        seeder.summary.period = period.name
    db.session.flush()
    return seeder.summary
