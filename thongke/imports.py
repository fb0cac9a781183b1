"""Upload a filled report template: check the file whole, then save through `save_values`."""

from __future__ import annotations

import io
import zipfile
from datetime import datetime

from openpyxl import load_workbook
from openpyxl.utils import get_column_letter

from thongke.catalog.store import form_def
from thongke.errors import ValidationFailed
from thongke.exports.report_xlsx import META_SHEET, report_plan, template_meta
from thongke.models import Account, Report
from thongke.reports import cell_label, save_values
from thongke.values import ValueProblem, parse_value

MAX_BYTES = 5 * 1024 * 1024


class ImportRefused(ValidationFailed):
    """The file cannot be taken; `problems` lists every reason, each naming its cell."""

    def __init__(self, problems: list[str]):
        self.problems = problems
        super().__init__(" ".join(problems))


def _ref(row: int, col: int) -> str:
    return f"{get_column_letter(col + 1)}{row + 1}"


def read_template(report: Report, data: bytes) -> tuple[dict, int]:
    """Return the figures of an uploaded template and the report version it was made from."""
    if len(data) > MAX_BYTES:
        raise ImportRefused(
            ["Tệp lớn hơn 5 MB; mẫu nhập liệu chỉ vài chục KB, hãy kiểm tra lại tệp."]
        )
    try:
        book = load_workbook(io.BytesIO(data), data_only=False)
    except (zipfile.BadZipFile, KeyError, ValueError, OSError) as error:
        raise ImportRefused(
            [
                "Tệp không phải bảng tính .xlsx hợp lệ; hãy tải mẫu từ hệ thống, "
                "nhập số liệu rồi lưu dưới dạng .xlsx."
            ]
        ) from error
    if META_SHEET not in book.sheetnames:
        raise ImportRefused(
            [
                "Tệp không phải mẫu nhập liệu của hệ thống (thiếu trang thông "
                "tin); hãy tải mẫu của báo cáo này."
            ]
        )
    meta = {
        str(r[0]): str(r[1])
        for r in book[META_SHEET].iter_rows(values_only=True)
        if r and r[0] is not None and len(r) > 1
    }
    expected = dict(template_meta(report))
    for key, label in (
        ("form", "biểu"),
        ("unit", "đơn vị"),
        ("period", "kỳ báo cáo"),
        ("report_id", "báo cáo"),
    ):
        if meta.get(key) != expected[key]:
            raise ImportRefused(
                [
                    f"Tệp là mẫu của {label} khác (tệp: {meta.get(key)}, cần: "
                    f"{expected[key]}); hãy tải đúng mẫu của báo cáo này."
                ]
            )
    sheet = book[book.sheetnames[0]]
    plan, inputs = report_plan(report, template=True)
    places = {place: cell for cell, place in inputs.items()}
    static = {
        (r, c)
        for r, cells in plan.rows.items()
        for c, (v, _) in cells.items()
        if v not in (None, "")
    }
    definition = form_def(report.form)
    values, problems = {}, []
    for row in sheet.iter_rows():
        for cell in row:
            if cell.value is None or (isinstance(cell.value, str) and not cell.value.strip()):
                continue
            place = (cell.row - 1, cell.column - 1)
            ref = _ref(*place)
            if cell.data_type == "f" or (
                isinstance(cell.value, str) and cell.value.startswith("=")
            ):
                problems.append(f"Ô {ref} chứa công thức; chỉ nhập số (có thể dán giá trị).")
                continue
            if place not in places:
                if place not in static:
                    problems.append(f"Ô {ref} nằm ngoài lưới nhập liệu; hãy xóa nội dung ô này.")
                continue
            key = places[place]
            section = definition.section(key[0])
            row_label = next(r.label for r in section.rows if r.key == key[1])
            try:
                raw = cell.value
                if isinstance(raw, float) and raw.is_integer():
                    raw = int(raw)
                values[key] = parse_value(section.leaf(key[2]), raw)
            except ValueProblem as problem:
                label = cell_label(section, row_label, section.leaf(key[2]))
                problems.append(f"Ô {ref} ({label}): {problem}")
    for key in inputs:
        values.setdefault(key, None)  # an empty input cell empties the figure
    if problems:
        raise ImportRefused(problems)
    try:
        version = int(meta.get("version", ""))
    except ValueError as error:
        raise ImportRefused(
            ["Trang thông tin của tệp đã bị sửa; hãy tải mẫu mới của báo cáo này."]
        ) from error
    return values, version


def import_template(report: Report, data: bytes, actor: Account, now: datetime) -> int:
    """Save a filled template's figures; nothing is saved if any cell is wrong."""
    values, version = read_template(report, data)
    return save_values(report, values, actor, version, now)
