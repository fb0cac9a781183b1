"""A sheet planned as rows of cells and merged ranges, then written in row order.

Writing strictly row by row is what XlsxWriter's constant-memory mode needs; `merge_range`
cannot be used there for ranges over several rows (it writes the blank cells of later rows
first), so merged ranges are written as their cells in order and then listed on the sheet.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import xlsxwriter

WORKBOOK_OPTIONS = {
    "strings_to_formulas": False,  # a thuyết minh starting with "=" stays text
    "strings_to_numbers": False,
    "strings_to_urls": False,
}

STYLES = {
    "text": {"font_name": "Times New Roman", "font_size": 11},
    "bold": {"font_name": "Times New Roman", "font_size": 11, "bold": True},
    "italic": {"font_name": "Times New Roman", "font_size": 11, "italic": True},
    "title": {
        "font_name": "Times New Roman",
        "font_size": 13,
        "bold": True,
        "align": "center",
        "valign": "vcenter",
        "text_wrap": True,
    },
    "center": {
        "font_name": "Times New Roman",
        "font_size": 11,
        "align": "center",
        "text_wrap": True,
    },
    "center_bold": {
        "font_name": "Times New Roman",
        "font_size": 11,
        "align": "center",
        "bold": True,
        "text_wrap": True,
    },
    "right": {"font_name": "Times New Roman", "font_size": 11, "align": "right"},
    "wrap": {"font_name": "Times New Roman", "font_size": 11, "text_wrap": True, "valign": "top"},
    "head": {
        "font_name": "Times New Roman",
        "font_size": 10,
        "bold": True,
        "border": 1,
        "align": "center",
        "valign": "vcenter",
        "text_wrap": True,
        "bg_color": "#F2F2F2",
    },
    "code": {
        "font_name": "Times New Roman",
        "font_size": 10,
        "italic": True,
        "border": 1,
        "align": "center",
    },
    "label": {"font_name": "Times New Roman", "font_size": 11, "border": 1, "text_wrap": True},
    "label_total": {"font_name": "Times New Roman", "font_size": 11, "border": 1, "bold": True},
    "int": {"font_name": "Times New Roman", "font_size": 11, "border": 1, "num_format": "#,##0"},
    "int_total": {
        "font_name": "Times New Roman",
        "font_size": 11,
        "border": 1,
        "bold": True,
        "num_format": "#,##0",
    },
    "dec": {
        "font_name": "Times New Roman",
        "font_size": 11,
        "border": 1,
        "num_format": "#,##0.0###",
    },
    "dec_total": {
        "font_name": "Times New Roman",
        "font_size": 11,
        "border": 1,
        "bold": True,
        "num_format": "#,##0.0###",
    },
    "input_int": {
        "font_name": "Times New Roman",
        "font_size": 11,
        "border": 1,
        "num_format": "#,##0",
        "locked": False,
        "bg_color": "#FFFFFF",
    },
    "input_dec": {
        "font_name": "Times New Roman",
        "font_size": 11,
        "border": 1,
        "num_format": "#,##0.0###",
        "locked": False,
        "bg_color": "#FFFFFF",
    },
    "cell": {"font_name": "Times New Roman", "font_size": 11, "border": 1},
}
INDENTED = {f"label_{level}": {**STYLES["label"], "indent": level} for level in range(1, 4)}


@dataclass
class Plan:
    """Cells by row, merged ranges, and the sheet's print settings."""

    rows: dict[int, dict[int, tuple[object, str]]] = field(default_factory=dict)
    merges: list[tuple[int, int, int, int]] = field(default_factory=list)
    widths: dict[int, float] = field(default_factory=dict)
    heights: dict[int, float] = field(default_factory=dict)
    repeat_rows: tuple[int, int] | None = None
    freeze: tuple[int, int] | None = None
    protect: bool = False

    def put(self, row: int, col: int, value, style: str = "text") -> None:
        self.rows.setdefault(row, {})[col] = (value, style)

    def merge(self, row: int, col: int, last_row: int, last_col: int, value, style: str):
        """Put `value` in the range's first cell and blanks of the same style in the others."""
        for r in range(row, last_row + 1):
            for c in range(col, last_col + 1):
                self.put(r, c, value if (r, c) == (row, col) else None, style)
        if (row, col) != (last_row, last_col):
            self.merges.append((row, col, last_row, last_col))


class Writer:
    """An XlsxWriter workbook with the project's formats."""

    def __init__(self, target, *, constant_memory: bool = False):
        self.book = xlsxwriter.Workbook(
            target,
            {
                **WORKBOOK_OPTIONS,
                "constant_memory": constant_memory,
                "in_memory": not constant_memory,
            },
        )
        self.formats = {
            name: self.book.add_format(style) for name, style in {**STYLES, **INDENTED}.items()
        }

    def sheet(self, name: str, plan: Plan, *, hidden: bool = False):
        sheet = self.book.add_worksheet(name[:31])
        sheet.set_landscape()
        sheet.set_paper(9)  # A4
        sheet.set_margins(left=0.4, right=0.4, top=0.5, bottom=0.5)
        sheet.fit_to_pages(1, 0)
        for col, width in plan.widths.items():
            sheet.set_column(col, col, width)
        if plan.repeat_rows:
            sheet.repeat_rows(*plan.repeat_rows)
        if plan.freeze:
            sheet.freeze_panes(*plan.freeze)
        self.write_plan(sheet, plan)
        if plan.protect:
            sheet.protect("", {"format_columns": True, "format_rows": True})
        if hidden:
            sheet.hide()
        return sheet

    def write_plan(self, sheet, plan: Plan) -> None:
        """Write a plan's cells row by row and list its merged ranges."""
        for row in sorted(plan.rows):
            if row in plan.heights:
                sheet.set_row(row, plan.heights[row])
            self.write_row(sheet, row, sorted(plan.rows[row].items()))
        for merged in plan.merges:
            sheet.merge.append(list(merged))  # see the module's docstring

    def write_row(self, sheet, row: int, cells) -> None:
        """Write one row's (column, (value, style)) cells; rows must come in order."""
        for col, (value, style) in cells:
            fmt = self.formats[style]
            if value is None or value == "":
                sheet.write_blank(row, col, None, fmt)
            elif isinstance(value, str):
                sheet.write_string(row, col, value, fmt)
            else:
                sheet.write_number(row, col, value, fmt)

    def close(self) -> None:
        self.book.close()
