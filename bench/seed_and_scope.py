"""Time the demo seed and the scoped admin lists on a throwaway SQLite database.

Run: .venv/bin/python bench/seed_and_scope.py
"""

import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from flask_migrate import upgrade
from sqlalchemy import func, select

from thongke import create_app
from thongke.clock import utcnow
from thongke.extensions import db
from thongke.models import Account, Unit
from thongke.passwords import hash_password
from thongke.seed import seed_demo

PASSWORD = "Bench@2024x"
USERS = ("xaquangnguyen_hxm_thg_bc", "huyenxinman_thg_ld", "sotuphap_thg_qt")
URLS = ("/", "/reports/", "/progress/", "/admin/unit/", "/admin/account/", "/admin/report/")


def main() -> None:
    with tempfile.TemporaryDirectory() as folder:
        app = create_app(
            {
                "SQLALCHEMY_DATABASE_URI": f"sqlite:///{folder}/bench.sqlite3",
                "SECRET_KEY": "bench",
                "WTF_CSRF_ENABLED": False,
            }
        )
        with app.app_context():
            upgrade()
            start = time.perf_counter()
            seed_demo(utcnow())
            db.session.commit()
            units = db.session.scalar(select(func.count()).select_from(Unit))
            accounts = db.session.scalar(select(func.count()).select_from(Account))
            print(
                f"seed-demo ({units} đơn vị, {accounts} tài khoản, danh mục, kỳ 2019): "
                f"{time.perf_counter() - start:.2f} s"
            )
            start = time.perf_counter()
            seed_demo(utcnow())
            print(f"seed-demo lần hai (không tạo gì): {time.perf_counter() - start:.2f} s")
            known = hash_password(PASSWORD)
            for account in db.session.scalars(select(Account).where(Account.username.in_(USERS))):
                account.password_hash, account.must_change_password = known, False
            db.session.commit()
        for username in USERS:
            client = app.test_client()
            client.post("/login", data={"username": username, "password": PASSWORD})
            for url in URLS:
                timings = []
                for _ in range(20):
                    start = time.perf_counter()
                    body = client.get(url).get_data(as_text=True)
                    timings.append((time.perf_counter() - start) * 1000)
                rows = body.count("<tr")  # table rows shown, headers included
                print(
                    f"{username:28} {url:32} trung vị {statistics.median(timings):6.1f} ms"
                    f"  (p95 {sorted(timings)[18]:6.1f} ms, {rows} dòng)"
                )


if __name__ == "__main__":
    main()
