"""Exports read back with openpyxl: layout, merges, numbers, sums, signatures, no formulas."""

import csv
import io

import pytest
from openpyxl import load_workbook

from tests.builders import F13A, F13B, F17A, F17B, make_workflow_tree, report_of
from tests.conftest import login
from thongke.catalog.grid import header_rows
from thongke.catalog.store import form_def
from thongke.clock import utcnow
from thongke.exports.report_xlsx import report_xlsx
from thongke.extensions import db as _db
from thongke.models import Report
from thongke.reports import save_values
from thongke.transitions import approve_report, pass_report, submit_report


@pytest.fixture
def t(db):
    t = make_workflow_tree()
    figures = {t.xa11: {"c1": "1.250", "c2": "40", "c3": "7"}, t.xa12: {"c1": "50", "c3": "3"}}
    for xa, bc, ld in ((t.xa11, t.xa11_bc, t.xa11_ld), (t.xa12, t.xa12_bc, t.xa12_ld)):
        report = report_of(xa, F17A, t.period)
        save_values(
            report,
            {("main", "total", k): v for k, v in figures[xa].items()},
            bc,
            1,
            utcnow(),
            note='=HYPERLINK("http://x","bấm")',
        )
        submit_report(report, bc, utcnow())
        approve_report(report, ld, utcnow())
        r13 = report_of(xa, F13A, t.period)
        save_values(
            r13,
            {
                ("main", "total", "c18"): "4",
                ("main", "total", "c19"): "4",
                ("main", "total", "c20"): "26,5" if xa is t.xa11 else "30",
                ("main", "total", "c21"): "22",
            },
            bc,
            1,
            utcnow(),
        )
        submit_report(r13, bc, utcnow())
        approve_report(r13, ld, utcnow())
    _db.session.commit()
    return t


def _book(data: bytes):
    return load_workbook(io.BytesIO(data))


def _rows(sheet):
    return [list(r) for r in sheet.iter_rows(values_only=True)]


def _no_formula_anywhere(book):
    for sheet in book.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                assert cell.data_type != "f", (sheet.title, cell.coordinate)


def test_one_report_in_the_printed_layout(t):
    report = report_of(t.xa11, F17A, t.period)
    book = _book(report_xlsx(report))
    sheet = book.active
    rows = _rows(sheet)
    text = "\n".join(str(v) for row in rows for v in row if v is not None)
    assert "Đơn vị báo cáo: UBND xã Một Một" in text
    assert "Đơn vị nhận báo cáo: Phòng Tư pháp huyện Một" in text
    assert "Biểu số: 17a/BTP/HTQTCT/CT" in text and "Ban hành theo Thông tư số 03/2019" in text
    assert "Ngày nhận báo cáo: 20/01/2020" in text
    assert (
        "Kỳ báo cáo: Kỳ báo cáo năm chính thức 2019 (Từ ngày 01/01/2019 đến ngày 31/12/2019)"
        in text
    )
    codes = next(r for r in rows if r[0] == "A")
    assert codes[:4] == ["A", "(1)", "(2)", "(3)"]
    total = next(r for r in rows if r[0] == "Tổng số")
    assert total[1:4] == [1250, 40, 7] and all(isinstance(v, int) for v in total[1:4])
    assert '=HYPERLINK("http://x","bấm")' in text  # stays text
    assert "Người lập biểu" in text and "Thủ trưởng đơn vị" in text
    assert t.xa11_bc.username in text and t.xa11_ld.username in text
    _no_formula_anywhere(book)
    assert sheet.page_setup.orientation == "landscape" and sheet.page_setup.paperSize == 9
    assert sheet.freeze_panes is not None and sheet.print_title_rows


def _merged_header(sheet, first_header_row: int):
    """Return the merged ranges in the header block as (row offset, col, rowspan, colspan)."""
    spans = set()
    for merged in sheet.merged_cells.ranges:
        if merged.min_row >= first_header_row:
            spans.add(
                (
                    merged.min_row - first_header_row,
                    merged.min_col - 1,
                    merged.max_row - merged.min_row + 1,
                    merged.max_col - merged.min_col + 1,
                )
            )
    return spans


def test_13a_merged_ranges_equal_the_header_tree(t):
    report = report_of(t.xa11, F13A, t.period)
    sheet = _book(report_xlsx(report)).active
    first = next(row[0].row for row in sheet.iter_rows() if row[0].value == "Chỉ tiêu")
    section = form_def(report.form).sections[0]
    expected = {(0, 0, 6, 1)}  # the "Chỉ tiêu" column
    for level, cells in enumerate(header_rows(section)):
        col = 1
        for cell in cells:
            while any(s[0] < level < s[0] + s[2] and s[1] <= col < s[1] + s[3] for s in expected):
                col += 1
            if (cell.rowspan, cell.colspan) != (1, 1):
                expected.add((level, col, cell.rowspan, cell.colspan))
            col += cell.colspan
    found = {s for s in _merged_header(sheet, first) if s[0] < 7}
    assert found == expected
    codes = [c.value for c in sheet[first + 6]]
    assert codes == ["A"] + [f"({i})" for i in range(1, 23)]


def test_template_round_trip_and_refusals(t, client):
    report = report_of(t.xa21, F17A, t.period)
    login(client, t.xa21_bc.username)
    data = client.get(f"/reports/{report.id}/template.xlsx").data
    book = _book(data)
    sheet = book.worksheets[0]
    assert sheet.protection.sheet and book["_thongtin"].sheet_state == "hidden"
    total_row = next(r[0].row for r in sheet.iter_rows() if r[0].value == "Tổng số")
    sheet.cell(total_row, 2).value = 300
    sheet.cell(total_row, 3).value = "1.000"

    def upload(book, name="mau.xlsx"):
        buffer = io.BytesIO()
        book.save(buffer)
        return client.post(
            f"/reports/{report.id}/import",
            data={
                "csrf_token": _csrf(client, report),
                "file": (io.BytesIO(buffer.getvalue()), name),
            },
            content_type="multipart/form-data",
        )

    page = client.get(upload(book).headers["Location"]).get_data(as_text=True)
    assert "Đã nhập từ tệp: 2 thay đổi." in page
    _db.session.expire_all()
    from thongke.reports import stored_values

    assert stored_values(_db.session.get(Report, report.id)) == {
        ("main", "total", "c1"): 300,
        ("main", "total", "c2"): 1000,
    }


def _csrf(client, report):
    from tests.conftest import csrf_from

    return csrf_from(client, f"/reports/{report.id}")


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda s, r: setattr(s.cell(r, 2), "value", "mười"), "Ô B"),
        (lambda s, r: setattr(s.cell(r, 2), "value", "=1+1"), "chứa công thức"),
        (lambda s, r: setattr(s.cell(r + 30, 9), "value", 5), "nằm ngoài lưới nhập liệu"),
        (lambda s, r: setattr(s.cell(r, 3), "value", -4), "không được là số âm"),
    ],
)
def test_bad_templates_name_the_cell_and_save_nothing(t, client, change, message):
    report = report_of(t.xa21, F17A, t.period)
    login(client, t.xa21_bc.username)
    book = _book(client.get(f"/reports/{report.id}/template.xlsx").data)
    sheet = book.worksheets[0]
    total_row = next(r[0].row for r in sheet.iter_rows() if r[0].value == "Tổng số")
    sheet.cell(total_row, 4).value = 9  # a good figure that must not be saved either
    change(sheet, total_row)
    buffer = io.BytesIO()
    book.save(buffer)
    response = client.post(
        f"/reports/{report.id}/import",
        data={
            "csrf_token": _csrf(client, report),
            "file": (io.BytesIO(buffer.getvalue()), "m.xlsx"),
        },
        content_type="multipart/form-data",
    )
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Chưa lưu gì từ tệp" in page and message in page
    _db.session.expire_all()
    from thongke.reports import stored_values

    assert stored_values(_db.session.get(Report, report.id)) == {}


def test_wrong_files_are_refused(t, client):
    report = report_of(t.xa21, F17A, t.period)
    other = report_of(t.xa21, F13A, t.period)
    login(client, t.xa21_bc.username)
    cases = [
        (b"khong phai excel", "không phải bảng tính .xlsx"),
        (client.get(f"/reports/{other.id}/template.xlsx").data, "mẫu của biểu khác"),
        (report_xlsx(report), "thiếu trang thông tin"),
        (b"0" * (5 * 1024 * 1024 + 10), "lớn hơn 5 MB"),
    ]
    for data, message in cases:
        response = client.post(
            f"/reports/{report.id}/import",
            data={"csrf_token": _csrf(client, report), "file": (io.BytesIO(data), "x.xlsx")},
            content_type="multipart/form-data",
        )
        page = client.get(response.headers["Location"]).get_data(as_text=True)
        assert message in page, message


def test_consolidated_workbook(t, client):
    fill_b = report_of(t.phong1, F17B, t.period)
    save_values(fill_b, {("I", "total", "c1"): "9"}, t.phong1_bc, 1, utcnow())
    submit_report(fill_b, t.phong1_bc, utcnow())
    pass_report(fill_b, t.phong1_kt, utcnow())
    approve_report(fill_b, t.phong1_ld, utcnow())
    _db.session.commit()
    login(client, t.so_ld.username)
    response = client.get(f"/periods/{t.period.id}/workbook.xlsx")
    assert response.status_code == 200
    book = _book(response.data)
    assert book.sheetnames == ["17a", "17b", "17c", "13a", "13b", "Tiến độ"]
    _no_formula_anywhere(book)
    rows = _rows(book["17a"])
    by_name = {r[0]: r[1:4] for r in rows if r[0]}
    assert by_name["Tổng cộng"] == [1300, 40, 10]
    assert by_name["Phòng Tư pháp huyện Một"] == [1300, 40, 10]
    assert by_name["UBND xã Một Một"] == [1250, 40, 7]
    assert by_name["UBND xã Hai Một"] == [None, None, None]  # not sent: no figures
    assert book["17a"]["A1"].value == "Đơn vị tổng hợp: Sở Tư pháp tỉnh Thử"
    weighted = {r[0]: r[20] for r in _rows(book["13a"]) if r[0]}
    assert weighted["Tổng cộng"] == pytest.approx(28.25)  # (4 × 26,5 + 4 × 30) / 8
    district = [r[1:4] for r in _rows(book["17b"]) if r[0] == "Phòng Tư pháp huyện Một"]
    assert district == [[9, None, None], [1300, 40, 10]]  # section I, then II frozen
    progress = _rows(book["Tiến độ"])
    line = next(r for r in progress if r[0] == "UBND xã Một Một")
    assert line[2] == "Đã gửi cấp trên" and line[4] == "Trễ hạn"


def test_the_commune_workbook_is_its_own(t, client):
    login(client, t.xa11_bc.username)
    book = _book(client.get(f"/periods/{t.period.id}/workbook.xlsx").data)
    assert book.sheetnames == ["17a", "13a", "Tiến độ"]
    assert client.get(f"/periods/{t.period.id}/workbook.xlsx?unit={t.phong1.id}").status_code == 404


def test_progress_accounts_and_csv(t, client):
    login(client, t.phong1_ld.username)
    rows = _rows(_book(client.get(f"/periods/{t.period.id}/progress.xlsx").data).active)
    assert ["UBND xã Một Một", F17A, "Đã gửi cấp trên"] in [r[:3] for r in rows]
    assert client.get("/accounts.xlsx").status_code == 403
    response = client.get(f"/periods/{t.period.id}/data.csv")
    text = response.get_data(as_text=True).lstrip("\ufeff")
    lines = list(csv.reader(io.StringIO(text)))
    assert lines[0] == [
        "ma_don_vi",
        "ten_don_vi",
        "bieu",
        "phan",
        "dong",
        "cot",
        "gia_tri",
        "trang_thai",
    ]
    assert [
        t.xa11.code,
        "UBND xã Một Một",
        F17A,
        "main",
        "total",
        "c1",
        "1250",
        "Đã gửi cấp trên",
    ] in lines
    assert all(line[0] != t.xa21.code for line in lines[1:])  # another district: not here
    assert ["c20", "26.5"] in [line[5:7] for line in lines]


def test_account_list_for_the_admin(t, client):
    login(client, t.admin.username)
    rows = _rows(_book(client.get("/accounts.xlsx").data).active)
    assert rows[2][:4] == ["Đơn vị", "Mã tài khoản", "Tên đăng nhập", "Vai trò"]
    names = {r[2] for r in rows[3:]}
    assert t.xa11_bc.username in names and t.admin.username in names
    text = "".join(str(v) for r in rows for v in r if v)
    assert "$argon2" not in text


@pytest.mark.parametrize("kind", ["csv", "xlsx"])
def test_admin_list_exports_are_scoped(t, client, kind):
    login(client, t.phong1_ld.username)
    for url in (f"/admin/unit/export/{kind}/", f"/admin/account/export/{kind}/"):
        response = client.get(url)
        assert response.status_code == 200, url
        if kind == "csv":
            text = response.get_data(as_text=True)
        else:
            text = " ".join(str(v) for r in _rows(_book(response.data).active) for v in r if v)
        assert "UBND xã Một Một" in text or t.xa11_bc.username in text
        assert "UBND xã Hai Một" not in text and t.xa21_bc.username not in text


def test_print_view(t, client):
    login(client, t.phong1_ld.username)
    report = report_of(t.xa11, F17A, t.period)
    page = client.get(f"/reports/{report.id}/print").get_data(as_text=True)
    assert "KẾT QUẢ CHỨNG THỰC TẠI ỦY BAN NHÂN DÂN (UBND) CẤP XÃ" in page
    assert "print.css" in page and t.xa11_ld.username in page and "1.250" in page


def test_13b_export_of_a_district(t, client):
    login(client, t.phong1_bc.username)
    report = report_of(t.phong1, F13B, t.period)
    rows = _rows(_book(client.get(f"/reports/{report.id}/export.xlsx").data).active)
    total = next(r for r in rows if r[0] == "Tổng số")
    assert total[19] == 8 and total[20] == pytest.approx(28.25)
