"""Account codes from Vietnamese names."""

import pytest

from thongke.naming import compact, fold, initials, unique_code


@pytest.mark.parametrize(
    ("name", "code"),
    [
        ("Huyện Xín Mần", "huyenxinman"),
        ("Xã Quảng Nguyên", "xaquangnguyen"),
        ("Thị trấn Đồng Văn", "thitrandongvan"),
        ("Phường Đội Cấn", "phuongdoican"),
        ("Thành phố Hà Giang", "thanhphohagiang"),
    ],
)
def test_compact(name, code):
    assert compact(name) == code


def test_initials():
    assert initials("Tỉnh Hà Giang") == "thg"
    assert initials("Huyện Xín Mần") == "hxm"
    assert initials("Thành phố Hà Giang") == "tphg"


def test_fold_maps_d_stroke():
    assert fold("Đắk Lắk") == "dak lak"


def test_unique_code_adds_smallest_free_suffix():
    assert unique_code("xaa_hb", set()) == "xaa_hb"
    assert unique_code("xaa_hb", {"xaa_hb"}) == "xaa_hb2"
    assert unique_code("xaa_hb", {"xaa_hb", "xaa_hb2"}) == "xaa_hb3"
