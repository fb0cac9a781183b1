"""Real flows in Debian's chromium through Playwright."""

import re

import pytest
from playwright.sync_api import Error as PlaywrightError
from playwright.sync_api import expect

from tests.builders import make_tree
from tests.conftest import GOOD_PASSWORD
from thongke.clock import utcnow
from thongke.passwords import DEFAULT_PASSWORD
from thongke.seed import seed_demo

pytestmark = pytest.mark.browser
SCREENSHOTS = "docs/screenshots"


def shoot(page, name: str, full_page: bool = False) -> None:
    """Save a screenshot for the README; chromium now and then refuses one, so try again."""
    page.wait_for_load_state("load")
    for attempt in range(3):
        try:
            page.screenshot(path=f"{SCREENSHOTS}/{name}", full_page=full_page)
            return
        except PlaywrightError:
            if attempt == 2:
                raise
            page.wait_for_timeout(300)


def _sign_in(page, username, password):
    page.goto("/login")
    page.get_by_label("Tên đăng nhập").fill(username)
    page.get_by_label("Mật khẩu").fill(password)
    page.get_by_role("button", name="Đăng nhập").click()


def test_first_login_changes_password_and_lands_home(page, db):
    seed_demo(utcnow())
    db.session.commit()
    page.goto("/")
    expect(page).to_have_url(re.compile(r"/login"))
    shoot(page, "dang-nhap.png")
    _sign_in(page, "huyenxinman_thg_ld", DEFAULT_PASSWORD)
    expect(page).to_have_url(re.compile(r"/password$"))
    expect(page.get_by_role("alert").first).to_contain_text("đổi mật khẩu")
    shoot(page, "doi-mat-khau.png")
    # A weak password is refused with the reason, and the page stays.
    page.get_by_label("Mật khẩu hiện tại").fill(DEFAULT_PASSWORD)
    page.get_by_label("Mật khẩu mới", exact=True).fill("yeu")
    page.get_by_label("Nhập lại mật khẩu mới").fill("yeu")
    page.get_by_role("button", name="Đổi mật khẩu").click()
    expect(page.locator(".invalid-feedback")).to_contain_text("ít nhất 8 ký tự")
    page.get_by_label("Mật khẩu hiện tại").fill(DEFAULT_PASSWORD)
    page.get_by_label("Mật khẩu mới", exact=True).fill(GOOD_PASSWORD)
    page.get_by_label("Nhập lại mật khẩu mới").fill(GOOD_PASSWORD)
    page.get_by_role("button", name="Đổi mật khẩu").click()
    expect(page.locator("main")).to_contain_text("Phòng Tư pháp huyện Xín Mần")
    expect(page.locator("main")).to_contain_text("Lãnh đạo")
    shoot(page, "sau-doi-mat-khau.png")


def test_wrong_password_message_is_vietnamese(page, db):
    make_tree()
    _sign_in(page, "huyenmot_tt_ld", "Sai@mat1khau")
    expect(page.get_by_role("alert")).to_contain_text("Tên đăng nhập hoặc mật khẩu không đúng")


def test_admin_resets_a_password_from_the_accounts_list(page, db):
    tree = make_tree()
    _sign_in(page, tree.admin.username, GOOD_PASSWORD)
    page.goto("/admin/account/")
    shoot(page, "quan-tri-tai-khoan.png")
    row = page.locator("tr", has_text=tree.xa11_bc.username)
    row.locator("input[name=rowid]").check()
    page.once("dialog", lambda dialog: dialog.accept())
    page.get_by_text("Thao tác với mục đã chọn").first.click()
    page.get_by_text("Đặt lại mật khẩu mặc định").click()
    expect(page.get_by_role("status").first).to_contain_text("đã đặt lại mật khẩu mặc định")
    # The commune user now must sign in with the default and change it.
    page.get_by_role("button", name="Đăng xuất").click()
    _sign_in(page, tree.xa11_bc.username, DEFAULT_PASSWORD)
    expect(page).to_have_url(re.compile(r"/password$"))


def _seeded_account(db, username):
    from sqlalchemy import select

    from thongke.models import Account
    from thongke.passwords import hash_password

    seed_demo(utcnow())
    account = db.session.scalar(select(Account).where(Account.username == username))
    account.password_hash = hash_password(GOOD_PASSWORD)
    account.must_change_password = False
    db.session.commit()
    return account


def test_keyboard_entry_in_13a_with_a_rule_error_fixed(page, db):
    _seeded_account(db, "xaquangnguyen_hxm_thg_bc")
    _sign_in(page, "xaquangnguyen_hxm_thg_bc", GOOD_PASSWORD)
    page.get_by_role("link", name="Báo cáo", exact=True).click()
    page.get_by_role("link", name="13a/BTP/HTQTCT/HT").click()
    expect(page.locator("h1")).to_contain_text("Kết quả đăng ký khai sinh")
    first = page.locator('input[name="v.main.total.c1"]')
    first.click()
    page.keyboard.type("10")
    page.keyboard.press("Enter")  # Enter moves to the next cell, it does not submit
    page.keyboard.type("4")
    page.keyboard.press("Enter")
    page.keyboard.type("5")
    page.keyboard.press("Enter")
    expect(page.locator('input[name="v.main.total.c4"]')).to_be_focused()
    rules = page.locator("#rule-list")
    expect(rules).to_contain_text("Khai sinh: cột (1) phải bằng (2) + (3)")
    expect(page.locator('td.cell-flagged input[name="v.main.total.c3"]')).to_have_count(1)
    shoot(page, "nhap-lieu-13a.png", full_page=True)
    # Arrow keys move back along the row; fix (3).
    page.keyboard.press("ArrowLeft")
    expect(page.locator('input[name="v.main.total.c3"]')).to_be_focused()
    page.keyboard.type("6")
    expect(rules).not_to_contain_text("Khai sinh: cột (1) phải bằng (2) + (3)")
    page.locator('input[name="v.main.total.c4"]').fill("1.000")
    page.get_by_role("button", name="Lưu số liệu").click()
    expect(page.get_by_role("status").first).to_contain_text("Đã lưu 4 thay đổi.")
    expect(page.locator('input[name="v.main.total.c4"]')).to_have_value("1.000")
    page.get_by_role("link", name="Lịch sử thay đổi").click()
    expect(page.locator("table")).to_contain_text("(3) Đăng ký khai sinh (Trường hợp)")
    expect(page.locator("table")).to_contain_text("xaquangnguyen_hxm_thg_bc")


def test_district_sees_17b_with_its_communes(page, db):
    _seeded_account(db, "huyenxinman_thg_bc")
    _sign_in(page, "huyenxinman_thg_bc", GOOD_PASSWORD)
    page.goto("/reports/")
    page.get_by_role("link", name="17b/BTP/HTQTCT/CT").click()
    expect(page.locator("main")).to_contain_text("UBND xã Quảng Nguyên")
    expect(page.locator("main")).to_contain_text("0/18 xã đã gửi")
    shoot(page, "nhap-lieu-17b.png", full_page=True)


def _ready(db, *usernames):
    from sqlalchemy import select

    from thongke.models import Account
    from thongke.passwords import hash_password

    seed_demo(utcnow())
    for account in db.session.scalars(select(Account).where(Account.username.in_(usernames))):
        account.password_hash = hash_password(GOOD_PASSWORD)
        account.must_change_password = False
    db.session.commit()


def _sign_out(page):
    page.get_by_role("button", name="Đăng xuất").click()


def test_round_trip_commune_to_district_in_the_browser(page, db):
    _ready(
        db,
        "xaquangnguyen_hxm_thg_bc",
        "xaquangnguyen_hxm_thg_ld",
        "huyenxinman_thg_ld",
        "huyenxinman_thg_bc",
        "sotuphap_thg_ld",
    )
    page.on("dialog", lambda dialog: dialog.accept())  # the confirmation before each action
    _sign_in(page, "xaquangnguyen_hxm_thg_bc", GOOD_PASSWORD)
    expect(page.locator("main")).to_contain_text("Báo cáo cần nhập hoặc sửa")
    shoot(page, "trang-chu-xa.png")
    page.get_by_role("link", name="17a/BTP/HTQTCT/CT").first.click()
    page.locator('input[name="v.main.total.c1"]').fill("1250")
    page.locator('input[name="v.main.total.c2"]').fill("40")
    page.get_by_role("button", name="Lưu số liệu").click()
    page.get_by_role("button", name="Gửi báo cáo").click()
    expect(page.locator(".workflow")).to_contain_text("Chờ phê duyệt")
    _sign_out(page)

    _sign_in(page, "xaquangnguyen_hxm_thg_ld", GOOD_PASSWORD)
    expect(page.locator("main")).to_contain_text("Báo cáo chờ tôi phê duyệt")
    page.get_by_role("link", name="17a/BTP/HTQTCT/CT").first.click()
    page.get_by_role("button", name="Phê duyệt").click()
    expect(page.locator(".workflow")).to_contain_text("Đã gửi cấp trên")
    expect(page.locator(".workflow")).to_contain_text("Thủ trưởng đơn vị: xaquangnguyen_hxm_thg_ld")
    _sign_out(page)

    _sign_in(page, "huyenxinman_thg_ld", GOOD_PASSWORD)
    shoot(page, "trang-chu-lanh-dao-phong.png")
    page.get_by_role("link", name="Tiến độ", exact=True).click()
    expect(page.locator("table.progress-board")).to_contain_text("UBND xã Quảng Nguyên")
    shoot(page, "tien-do.png", full_page=True)
    # The leader returns the commune's report for correction, with a reason.
    row = page.locator("tr", has_text="UBND xã Quảng Nguyên")
    row.get_by_role("link", name="Đã gửi cấp trên").click()
    page.get_by_label("Lý do trả lại").fill("Cột (2) chưa khớp sổ")
    page.get_by_role("button", name="Trả lại").click()
    expect(page.locator(".workflow")).to_contain_text("Đang nhập")
    _sign_out(page)

    _sign_in(page, "xaquangnguyen_hxm_thg_bc", GOOD_PASSWORD)
    expect(page.locator("main")).to_contain_text("Bị trả lại: Cột (2) chưa khớp sổ")
    _sign_out(page)

    _sign_in(page, "huyenxinman_thg_bc", GOOD_PASSWORD)
    page.goto("/reports/")
    page.get_by_role("link", name="17b/BTP/HTQTCT/CT").click()
    expect(page.locator("main")).to_contain_text("0/18 xã đã gửi")
    page.get_by_role("button", name="Gửi báo cáo").click()
    expect(page.get_by_role("alert").first).to_contain_text("còn 18 đơn vị cấp dưới")


def test_download_the_workbook_and_upload_a_filled_template(page, db, tmp_path):
    import io

    from openpyxl import load_workbook

    _ready(db, "sotuphap_thg_ld", "xaquangnguyen_hxm_thg_bc")
    _sign_in(page, "xaquangnguyen_hxm_thg_bc", GOOD_PASSWORD)
    page.goto("/reports/")
    page.get_by_role("link", name="17a/BTP/HTQTCT/CT").click()
    with page.expect_download() as template:
        page.get_by_role("link", name="mẫu nhập liệu (.xlsx)").click()
    path = tmp_path / "mau.xlsx"
    template.value.save_as(path)
    book = load_workbook(path)
    sheet = book.worksheets[0]
    row = next(r[0].row for r in sheet.iter_rows() if r[0].value == "Tổng số")
    sheet.cell(row, 2).value = 77
    book.save(path)
    page.get_by_label("Tệp đã điền").set_input_files(str(path))
    page.get_by_role("button", name="Tải lên và lưu").click()
    expect(page.get_by_role("status").first).to_contain_text("Đã nhập từ tệp: 1 thay đổi.")
    expect(page.locator('input[name="v.main.total.c1"]')).to_have_value("77")
    _sign_out(page)

    _sign_in(page, "sotuphap_thg_ld", GOOD_PASSWORD)
    page.get_by_role("link", name="Tiến độ", exact=True).click()
    with page.expect_download() as download:
        page.get_by_role("link", name="Bảng tổng hợp (.xlsx)").click()
    expect(page.get_by_role("status").first).to_contain_text("Đang chuẩn bị tệp")
    data = tmp_path / "tong_hop.xlsx"
    download.value.save_as(data)
    workbook = load_workbook(io.BytesIO(data.read_bytes()))
    assert workbook.sheetnames[:3] == ["17a", "17b", "17c"] and "Tiến độ" in workbook.sheetnames
    names = [r[0] for r in workbook["17a"].iter_rows(values_only=True)]
    assert "Phòng Tư pháp huyện Xín Mần" in names and "UBND xã Quảng Nguyên" in names


@pytest.mark.parametrize(
    ("username", "shot"),
    [
        ("huyenxinman_thg_kt", "trang-chu-kiem-tra-phong.png"),
        ("sotuphap_thg_ld", "trang-chu-lanh-dao-so.png"),
        ("sotuphap_thg_qt", "trang-chu-quan-tri.png"),
    ],
)
def test_home_of_each_role(page, db, username, shot):
    _ready(db, username)
    _sign_in(page, username, GOOD_PASSWORD)
    expect(page.locator("h1")).to_contain_text("Xin chào")
    shoot(page, shot)


def test_admin_lists(page, db):
    _ready(db, "sotuphap_thg_qt")
    _sign_in(page, "sotuphap_thg_qt", GOOD_PASSWORD)
    page.goto("/admin/unit/")
    expect(page.locator("table.model-list")).to_contain_text("Sở Tư pháp tỉnh Hà Giang")
    shoot(page, "quan-tri-don-vi.png")
    page.goto("/admin/report/")
    expect(page.locator("table.model-list")).to_contain_text("17a/BTP/HTQTCT/CT")
    shoot(page, "quan-tri-bao-cao.png")


def test_district_check_approve_and_return_from_the_so(page, db):
    from tests.builders import F17A, F17B, make_workflow_tree, report_of
    from thongke.transitions import approve_report, submit_report

    t = make_workflow_tree()
    for xa, bc, ld in ((t.xa11, t.xa11_bc, t.xa11_ld), (t.xa12, t.xa12_bc, t.xa12_ld)):
        report = report_of(xa, F17A, t.period)
        submit_report(report, bc, utcnow())
        approve_report(report, ld, utcnow())
    db.session.commit()
    aggregate = report_of(t.phong1, F17B, t.period)
    page.on("dialog", lambda dialog: dialog.accept())

    _sign_in(page, t.phong1_bc.username, GOOD_PASSWORD)
    page.goto(f"/reports/{aggregate.id}")
    expect(page.locator("main")).to_contain_text("2/2 xã đã gửi")
    page.locator('input[name="v.I.total.c1"]').fill("12")
    page.get_by_role("button", name="Lưu số liệu").click()
    page.get_by_role("button", name="Gửi báo cáo").click()
    expect(page.locator(".workflow")).to_contain_text("Chờ kiểm tra")
    _sign_out(page)

    _sign_in(page, t.phong1_kt.username, GOOD_PASSWORD)
    expect(page.locator("main")).to_contain_text("Báo cáo chờ tôi kiểm tra")
    page.get_by_role("link", name=F17B).click()
    page.get_by_role("button", name="Kiểm tra đạt").click()
    expect(page.locator(".workflow")).to_contain_text("Chờ phê duyệt")
    _sign_out(page)

    _sign_in(page, t.phong1_ld.username, GOOD_PASSWORD)
    page.get_by_role("link", name=F17B).click()
    page.get_by_role("button", name="Phê duyệt").click()
    expect(page.locator(".workflow")).to_contain_text("Đã gửi cấp trên")
    _sign_out(page)

    _sign_in(page, t.so_ld.username, GOOD_PASSWORD)
    page.get_by_role("link", name="Tiến độ", exact=True).click()
    page.locator("tr", has_text="Phòng Tư pháp huyện Một").get_by_role(
        "link", name="Đã gửi cấp trên"
    ).first.click()
    page.get_by_label("Lý do trả lại").fill("Bổ sung số liệu phần I")
    page.get_by_role("button", name="Trả lại").click()
    expect(page.locator(".workflow")).to_contain_text("Đang nhập")
    _sign_out(page)

    _sign_in(page, t.phong1_bc.username, GOOD_PASSWORD)
    expect(page.locator("main")).to_contain_text("Bị trả lại: Bổ sung số liệu phần I")
