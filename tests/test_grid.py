"""The printed header: merged cells from the column tree, on the page as in the layout."""

import copy
import json
import re

import pytest

from tests.builders import F13A, F17B, make_period, make_tree, report_of
from tests.conftest import login
from thongke.catalog.definition import parse_catalog
from thongke.catalog.grid import header_rows
from thongke.catalog.store import SEED_CATALOG

FORMS = {
    f.code: f
    for f in parse_catalog(
        copy.deepcopy(json.loads(SEED_CATALOG.read_text(encoding="utf-8"))["forms"])
    )
}


def _spans(rows):
    return [[(c.label, c.colspan, c.rowspan) for c in row] for row in rows]


def test_13a_header():
    rows = header_rows(FORMS[F13A].sections[0])
    # 22 leaf columns. The catalog's tree for 13a is six levels deep (Đăng ký khai sinh ›
    # Đăng ký mới › Chia theo thời điểm đăng ký › Quá hạn › Trong đó › (8)), so the header
    # has six rows; every leaf reaches down to the last one.
    assert len(rows) == 6
    leaves = [c for row in rows for c in row if c.leaf]
    assert len(leaves) == 22
    assert sorted(c.leaf.code for c in leaves) == sorted(f"({i})" for i in range(1, 23))
    top, second, third = _spans(rows[:3])
    assert top == [
        ("Đăng ký khai sinh (Trường hợp)", 10, 1),
        ("Đăng ký khai tử (Trường hợp)", 7, 1),
        ("Đăng ký kết hôn", 5, 1),
    ]
    assert second == [
        ("Đăng ký mới", 9, 1),
        ("Đăng ký lại", 1, 5),
        ("Đăng ký mới", 6, 1),
        ("Đăng ký lại", 1, 5),
        ("Đăng ký mới", 4, 1),
        ("Đăng ký lại", 1, 5),
    ]
    assert third[0] == ("Tổng số", 1, 4)
    assert ("Chia theo thời điểm đăng ký", 4, 1) in third
    assert ("Tuổi kết hôn trung bình lần đầu (Tuổi)", 2, 1) in third
    assert ("Quá hạn", 3, 1) in _spans(rows)[3]
    assert _spans(rows)[4] == [("Tổng số", 1, 2), ("Trong đó", 2, 1)]
    assert _spans(rows)[5] == [
        ("Số trẻ em được sinh ra trong năm báo cáo", 1, 1),
        ("Dưới 5 tuổi", 1, 1),
    ]


def test_12a_header():
    rows = header_rows(FORMS["12a/BTP/BTTP/CC"].sections[0])
    assert len(rows) == 4
    assert _spans(rows)[0] == [
        ("Số công chứng viên", 1, 4),
        ("Công chứng", 5, 1),
        ("Chứng thực", 4, 1),
        ("Tổng số tiền nộp vào ngân sách/thuế", 1, 4),
    ]
    assert _spans(rows)[1][0] == ("Số việc công chứng (Việc)", 3, 1)
    assert _spans(rows)[3] == [
        ("Công chứng hợp đồng, giao dịch", 1, 1),
        ("Công chứng bản dịch và các loại việc khác", 1, 1),
    ]


def test_17b_header():
    first, second = (header_rows(s) for s in FORMS[F17B].sections)
    assert _spans(first) == [
        [
            ("Chứng thực bản sao", 1, 1),
            ("Chứng thực chữ ký trong giấy tờ, văn bản", 1, 1),
            ("Chứng thực chữ ký người dịch", 1, 1),
            ("Chứng thực hợp đồng, giao dịch", 1, 1),
        ]
    ]
    assert len(second) == 1 and len(second[0]) == 3


def _occupancy(rows, width):
    """Place the cells as a browser would and return the filled grid, or fail on overlap."""
    grid = [[None] * width for _ in rows]
    for r, row in enumerate(rows):
        c = 0
        for cell in row:
            while grid[r][c] is not None:
                c += 1
            for dr in range(cell.rowspan):
                for dc in range(cell.colspan):
                    assert grid[r + dr][c + dc] is None
                    grid[r + dr][c + dc] = cell
            c += cell.colspan
    return grid


@pytest.mark.parametrize("code", sorted(FORMS))
def test_every_header_is_a_full_rectangle(code):
    for section in FORMS[code].sections:
        rows = header_rows(section)
        grid = _occupancy(rows, len(section.leaves))
        assert all(cell is not None for row in grid for cell in row)
        assert [c.leaf.key for c in grid[-1]] == [leaf.key for leaf in section.leaves]


def test_page_renders_13a_header_spans(client, db):
    tree = make_tree()
    period = make_period([F13A])
    login(client, tree.xa11_bc.username)
    html = client.get(f"/reports/{report_of(tree.xa11, F13A, period).id}").get_data(as_text=True)
    thead = html[html.index("<thead>") : html.index("</thead>")]
    assert thead.count("<tr") == 7  # six header rows and the code row
    assert re.search(r'colspan="10" rowspan="1">\s*Đăng ký khai sinh', thead)
    assert len(re.findall(r'colspan="1" rowspan="5"[^>]*>\s*Đăng ký lại', thead)) == 3
    codes = re.findall(r"<th scope=\"col\">(\(\d+\)|A)</th>", thead)
    assert codes == ["A"] + [f"({i})" for i in range(1, 23)]
