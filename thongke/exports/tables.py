"""Flat exports: progress and account lists as XLSX, a period's figures as long CSV."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator

from sqlalchemy import select

from thongke.catalog.store import form_def
from thongke.clock import format_datetime, to_local, utcnow
from thongke.exports.sheet import Plan, Writer
from thongke.extensions import db
from thongke.models import ROLES, Account, Form, Period, Report, ReportValue, Unit
from thongke.progress import progress_board, timing
from thongke.values import from_storage
from thongke.workflow import STATES


def _table(title: str, headers: list[str], rows: list[list], widths: list[float]) -> bytes:
    buffer = io.BytesIO()
    writer = Writer(buffer)
    plan = Plan(widths=dict(enumerate(widths)), freeze=(3, 1), repeat_rows=(2, 2))
    plan.merge(0, 0, 0, len(headers) - 1, title, "bold")
    for col, header in enumerate(headers):
        plan.put(2, col, header, "head")
    for index, row in enumerate(rows, start=3):
        for col, value in enumerate(row):
            plan.put(index, col, value, "int" if isinstance(value, int) else "cell")
    writer.sheet("Danh sách", plan)
    writer.close()
    return buffer.getvalue()


def progress_xlsx(period: Period, unit: Unit) -> bytes:
    """The progress board as a table: child, form, status, sent, on time or late."""
    board = progress_board(period, unit, to_local(utcnow()).date())
    rows = []
    for child in board.children:
        for form in board.forms:
            report = board.cell(child, form)
            if report is None:
                continue
            when = timing(report, board.today)
            rows.append(
                [
                    child.name,
                    form.code,
                    STATES[report.status],
                    format_datetime(report.approved_at),
                    when.label,
                ]
            )
    return _table(
        f"Tiến độ {period.name} – {unit.name}",
        ["Đơn vị", "Biểu", "Trạng thái", "Gửi cấp trên lúc", "Thời hạn"],
        rows,
        [45, 22, 18, 20, 20],
    )


def accounts_xlsx() -> bytes:
    """All accounts to publish to the units: unit, login, role, names; never passwords."""
    rows = []
    accounts = db.session.execute(
        select(Account, Unit)
        .join(Unit, Unit.id == Account.unit_id)
        .order_by(Unit.path, Account.username)
    )
    for account, unit in accounts:
        rows.append(
            [
                unit.name,
                unit.code,
                account.username,
                ROLES.get(account.role),
                "Có" if account.is_admin else "",
                account.full_name or "",
                account.position or "",
                account.phone or "",
                account.email or "",
                "Đang hoạt động" if account.active else "Ngừng hoạt động",
            ]
        )
    return _table(
        "Danh sách tài khoản (mật khẩu mặc định 123456aA@, đổi ở lần đăng nhập đầu)",
        [
            "Đơn vị",
            "Mã tài khoản",
            "Tên đăng nhập",
            "Vai trò",
            "Quản trị",
            "Họ tên",
            "Chức vụ",
            "Điện thoại",
            "Thư điện tử",
            "Trạng thái",
        ],
        rows,
        [40, 28, 32, 28, 9, 24, 20, 14, 24, 16],
    )


CSV_HEADER = ["ma_don_vi", "ten_don_vi", "bieu", "phan", "dong", "cot", "gia_tri", "trang_thai"]


def period_csv(period_id: int, root_id: int) -> Iterator[str]:
    """Yield a period's figures in a subtree as CSV lines, in long form, batch by batch.

    It takes ids, not objects: a streamed body is read after the request's database session
    has closed, so everything is loaded here, in the session the stream itself opens.
    """
    buffer = io.StringIO()
    out = csv.writer(buffer)

    def flush() -> str:
        text = buffer.getvalue()
        buffer.seek(0)
        buffer.truncate(0)
        return text

    out.writerow(CSV_HEADER)
    yield "\ufeff" + flush()  # the BOM makes spreadsheet programs read UTF-8
    period, root = db.session.get(Period, period_id), db.session.get(Unit, root_id)
    definitions = {f.id: form_def(f) for f in period.forms}
    rows = db.session.execute(
        select(
            Unit.code,
            Unit.name,
            Report.form_id,
            Form.code,
            Report.status,
            ReportValue.section,
            ReportValue.row,
            ReportValue.column,
            ReportValue.value,
        )
        .join(Report, Report.unit_id == Unit.id)
        .join(Form, Form.id == Report.form_id)
        .join(ReportValue, ReportValue.report_id == Report.id)
        .where(Report.period_id == period.id, Unit.path.startswith(root.path, autoescape=True))
        .order_by(
            Unit.path, Form.position, ReportValue.section, ReportValue.row, ReportValue.column
        )
        .execution_options(yield_per=2000)
    )
    for count, (code, name, form_id, form_code, status, section, row, column, value) in enumerate(
        rows, start=1
    ):
        part = definitions[form_id].section(section) if form_id in definitions else None
        leaf = part.leaf(column) if part else None
        shown = from_storage(leaf, value) if leaf else value
        out.writerow([code, name, form_code, section, row, column, shown, STATES[status]])
        if count % 2000 == 0:
            yield flush()
    yield flush()
