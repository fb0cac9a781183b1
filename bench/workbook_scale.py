"""Build the Sở's consolidated workbook over a national-size tree and print time and memory.

Run: .venv/bin/python bench/workbook_scale.py [communes] [districts]
(default 10051 communes under 696 districts, as in the pre-2025 national list).
The figures are synthetic; the tree and the reports go through the real tables.
"""

import random
import resource
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from flask_migrate import upgrade
from sqlalchemy import insert, select

from thongke import create_app
from thongke.catalog.store import SEED_CATALOG, read_catalog_file, store_catalog
from thongke.clock import utcnow
from thongke.exports.workbook_xlsx import consolidated_workbook
from thongke.extensions import db
from thongke.models import Form, Period, Report, ReportValue, Unit
from thongke.periods import add_period

FORMS = ("17a/BTP/HTQTCT/CT", "13a/BTP/HTQTCT/HT")


def build(communes: int, districts: int) -> tuple[int, int]:
    now = utcnow()
    store_catalog(read_catalog_file(SEED_CATALOG), now=now)
    so = Unit(
        code="so_bench",
        name="Sở Tư pháp (đo tải)",
        level="so",
        path="",
        active=True,
        not_using_software=False,
    )
    db.session.add(so)
    db.session.flush()
    so.refresh_path()
    rows = [
        {
            "code": f"phong_{d}",
            "name": f"Phòng Tư pháp {d:04d}",
            "level": "phong",
            "parent_id": so.id,
            "path": "",
            "active": True,
            "not_using_software": False,
        }
        for d in range(districts)
    ]
    db.session.execute(insert(Unit), rows)
    phong = list(db.session.execute(select(Unit.id).where(Unit.level == "phong")).scalars())
    db.session.execute(
        insert(Unit),
        [
            {
                "code": f"xa_{c}",
                "name": f"UBND xã {c:05d}",
                "level": "xa",
                "parent_id": phong[c % len(phong)],
                "path": "",
                "active": True,
                "not_using_software": False,
            }
            for c in range(communes)
        ],
    )
    for unit in db.session.scalars(select(Unit).where(Unit.id != so.id)):
        parent_path = so.path if unit.level == "phong" else f"{so.path}{unit.parent_id}/"
        unit.path = f"{parent_path}{unit.id}/"
    db.session.flush()
    forms = list(db.session.scalars(select(Form).where(Form.code.in_(FORMS))))
    period = add_period("NAM_CT", 2019, forms, now=now)
    db.session.execute(Report.__table__.update().values(status="da_gui", approved_at=now))
    random.seed(7)
    values = []
    for report_id, form_code in db.session.execute(
        select(Report.id, Form.code).join(Form).where(Report.period_id == period.id)
    ):
        keys = (
            ["c1", "c2", "c3"] if form_code.startswith("17a") else [f"c{i}" for i in range(1, 23)]
        )
        for key in keys:
            scale = 10_000 if key in ("c20", "c21") else 1
            values.append(
                {
                    "report_id": report_id,
                    "section": "main",
                    "row": "total",
                    "column": key,
                    "value": random.randint(0, 500) * scale,
                }
            )
    for start in range(0, len(values), 50_000):
        db.session.execute(insert(ReportValue), values[start : start + 50_000])
    db.session.commit()
    return period.id, so.id


def main() -> None:
    communes = int(sys.argv[1]) if len(sys.argv) > 1 else 10_051
    districts = int(sys.argv[2]) if len(sys.argv) > 2 else 696
    with tempfile.TemporaryDirectory() as folder:
        app = create_app(
            {"SQLALCHEMY_DATABASE_URI": f"sqlite:///{folder}/bench.sqlite3", "SECRET_KEY": "bench"}
        )
        with app.app_context():
            upgrade()
            start = time.perf_counter()
            period_id, so_id = build(communes, districts)
            print(
                f"dựng cây {communes} xã / {districts} huyện và báo cáo: "
                f"{time.perf_counter() - start:.1f} s"
            )
            rss_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
            tracemalloc.start()
            start = time.perf_counter()
            target = Path(folder) / "tong_hop.xlsx"
            with open(target, "wb") as handle:
                consolidated_workbook(
                    db.session.get(Period, period_id), db.session.get(Unit, so_id), handle
                )
            elapsed = time.perf_counter() - start
            _, peak = tracemalloc.get_traced_memory()
            tracemalloc.stop()
            rss_after = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
            print(
                f"bảng tổng hợp: {elapsed:.1f} s, tệp {target.stat().st_size / 1e6:.1f} MB, "
                f"đỉnh bộ nhớ Python khi ghi {peak / 1e6:.1f} MB, RSS tối đa "
                f"{rss_before / 1e3:.0f} → {rss_after / 1e3:.0f} MB"
            )


if __name__ == "__main__":
    main()
