"""Real flows in Debian's chromium through Playwright."""

import re

import pytest
from playwright.sync_api import expect

from tests.builders import make_tree
from tests.conftest import GOOD_PASSWORD
from thongke.clock import utcnow
from thongke.passwords import DEFAULT_PASSWORD
from thongke.seed import seed_demo

pytestmark = pytest.mark.browser
SCREENSHOTS = "docs/screenshots"


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
    page.screenshot(path=f"{SCREENSHOTS}/dang-nhap.png")
    _sign_in(page, "huyenxinman_thg_ld", DEFAULT_PASSWORD)
    expect(page).to_have_url(re.compile(r"/password$"))
    expect(page.get_by_role("alert").first).to_contain_text("đổi mật khẩu")
    page.screenshot(path=f"{SCREENSHOTS}/doi-mat-khau.png")
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
    page.screenshot(path=f"{SCREENSHOTS}/trang-chu-lanh-dao-phong.png")


def test_wrong_password_message_is_vietnamese(page, db):
    make_tree()
    _sign_in(page, "huyenmot_tt_ld", "Sai@mat1khau")
    expect(page.get_by_role("alert")).to_contain_text("Tên đăng nhập hoặc mật khẩu không đúng")


def test_admin_resets_a_password_from_the_accounts_list(page, db):
    tree = make_tree()
    _sign_in(page, tree.admin.username, GOOD_PASSWORD)
    page.goto("/admin/account/")
    page.screenshot(path=f"{SCREENSHOTS}/quan-tri-tai-khoan.png")
    row = page.locator("tr", has_text=tree.xa11_bc.username)
    row.locator("input[name=rowid]").check()
    page.once("dialog", lambda dialog: dialog.accept())
    page.get_by_text("Với lựa chọn").first.click()
    page.get_by_text("Đặt lại mật khẩu mặc định").click()
    expect(page.get_by_role("status").first).to_contain_text("đã đặt lại mật khẩu mặc định")
    # The commune user now must sign in with the default and change it.
    page.get_by_role("button", name="Đăng xuất").click()
    _sign_in(page, tree.xa11_bc.username, DEFAULT_PASSWORD)
    expect(page).to_have_url(re.compile(r"/password$"))
