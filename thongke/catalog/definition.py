"""Form definitions: parse the catalog's JSON into checked, ready-to-use objects.

A definition is refused whole, with a Vietnamese message naming the form, section, column or rule
at fault, before anything is stored.
"""

from __future__ import annotations

import copy
import re
from collections.abc import Callable

from thongke.catalog.model import (
    FILLING_LEVELS,
    KEY_PATTERN,
    MAX_HEADER_DEPTH,
    PERIOD_KINDS,
    RECEIVING_LEVELS,
    SEVERITIES,
    CatalogError,
    ChildRows,
    FormDef,
    Header,
    Leaf,
    Row,
    Rule,
    Section,
)
from thongke.catalog.rules import RuleError, parse_rule


def _text(value, where: str, *, required=True, limit=500) -> str:
    if value is None and not required:
        return ""
    if not isinstance(value, str) or (required and not value.strip()) or len(value) > limit:
        raise CatalogError(f"{where}: cần một chuỗi ký tự không rỗng, tối đa {limit} ký tự.")
    return value.strip()


class _Builder:
    """Parse one form; `lookup(code)` returns another form's raw dict, for cross references."""

    def __init__(self, raw: dict, lookup: Callable[[str], dict | None], depth: int = 0):
        self.raw = raw
        self.lookup = lookup
        self.code = "?"
        self.depth = depth  # how many cross references led here; cycles stop at 4

    def fail(self, what: str):
        raise CatalogError(f"Biểu {self.code}: {what}")

    def build(self) -> FormDef:
        raw = self.raw
        if not isinstance(raw, dict):
            raise CatalogError("Mỗi biểu mẫu phải là một đối tượng JSON.")
        self.code = _text(raw.get("code"), "Mã biểu", limit=60)
        filled_by, sent_to = raw.get("filled_by"), raw.get("sent_to")
        if filled_by not in FILLING_LEVELS:
            self.fail(f"cấp nhập “{filled_by}” không hợp lệ (một trong {FILLING_LEVELS}).")
        if sent_to not in RECEIVING_LEVELS:
            self.fail(f"cấp nhận “{sent_to}” không hợp lệ (một trong {RECEIVING_LEVELS}).")
        periods = raw.get("periods")
        if not isinstance(periods, list) or not periods or not set(periods) <= set(PERIOD_KINDS):
            self.fail(f"kỳ báo cáo phải là danh sách con của {list(PERIOD_KINDS)}.")
        signatories = raw.get("signatories")
        if signatories is not None and (
            not isinstance(signatories, list)
            or not all(isinstance(s, str) and s.strip() for s in signatories)
        ):
            self.fail("“signatories” phải là danh sách tên chức danh.")
        sections_raw = raw.get("sections")
        if not isinstance(sections_raw, list) or not sections_raw:
            self.fail("cần ít nhất một phần (section).")
        sections = [self.section(s) for s in sections_raw]
        keys = [s.key for s in sections]
        if len(keys) != len(set(keys)):
            self.fail("khóa phần (section) bị trùng.")
        form = FormDef(
            code=self.code,
            title=_text(raw.get("title"), f"Biểu {self.code}: tên biểu"),
            field=_text(raw.get("field"), "lĩnh vực", required=False),
            circular=_text(raw.get("circular"), "văn bản ban hành", required=False),
            filled_by=filled_by,
            sent_to=sent_to,
            periods=list(dict.fromkeys(periods)),
            signatories=signatories,
            evidence=_text(raw.get("evidence"), "nguồn", required=False, limit=2000),
            sections=sections,
            rules=[],
            raw=raw,
        )
        form.rules = [self.rule(r, form) for r in raw.get("rules") or []]
        return form

    def section(self, raw) -> Section:
        if not isinstance(raw, dict):
            self.fail("mỗi phần (section) phải là một đối tượng JSON.")
        key = raw.get("key")
        if not isinstance(key, str) or not re.match(r"^[A-Za-z0-9_]{1,20}$", key):
            self.fail(f"khóa phần “{key}” không hợp lệ.")
        where = f"phần {key}"
        from_children, source = None, None
        if "rows_from_children" in raw:
            if "rows" in raw:
                self.fail(f"{where}: chỉ được có “rows” hoặc “rows_from_children”.")
            from_children, source = self.child_rows(raw["rows_from_children"], where)
            rows = []
        else:
            rows = self.rows(raw.get("rows"), where)
        if ("columns" in raw) == ("columns_like" in raw):
            self.fail(f"{where}: cần đúng một trong “columns” hoặc “columns_like”.")
        columns = raw.get("columns") or self.columns_like(raw["columns_like"], where)
        leaves: list[Leaf] = []
        headers = [self.header(node, where, (), leaves, 1) for node in self.list_of(columns, where)]
        keys = [leaf.key for leaf in leaves]
        if len(keys) != len(set(keys)):
            self.fail(f"{where}: khóa cột bị trùng.")
        for leaf in leaves:
            if leaf.weighted_by and leaf.weighted_by not in keys:
                self.fail(
                    f"{where}, cột {leaf.key}: “weighted_average_by” chỉ đến cột "
                    f"“{leaf.weighted_by}” không có."
                )
            if source is not None and source.leaf(leaf.source) is None:
                self.fail(
                    f"{where}, cột {leaf.key}: “from” chỉ đến cột “{leaf.source}” không có "
                    f"trong phần {source.key} của biểu {from_children.form}."
                )
        return Section(
            key=key,
            title=_text(raw.get("title"), where, required=False),
            headers=headers,
            leaves=leaves,
            rows=rows,
            from_children=from_children,
        )

    def list_of(self, value, where: str) -> list:
        if not isinstance(value, list) or not value:
            self.fail(f"{where}: danh sách cột trống hoặc không hợp lệ.")
        return value

    def rows(self, raw, where: str) -> list[Row]:
        if not isinstance(raw, list) or not raw:
            self.fail(f"{where}: cần danh sách dòng “rows” hoặc “rows_from_children”.")
        rows = []
        for item in raw:
            if not isinstance(item, dict) or not KEY_PATTERN.match(str(item.get("key", ""))):
                self.fail(f"{where}: dòng có khóa không hợp lệ: {item!r:.80}.")
            rows.append(
                Row(
                    item["key"],
                    _text(item.get("code"), where, required=False, limit=20),
                    _text(item.get("label"), f"{where}, dòng {item['key']}"),
                )
            )
        if len({r.key for r in rows}) != len(rows):
            self.fail(f"{where}: khóa dòng bị trùng.")
        return rows

    def other_section(self, ref, where: str, what: str) -> Section:
        if not isinstance(ref, dict):
            self.fail(f"{where}: “{what}” phải là đối tượng có “form” và “section”.")
        code = ref.get("form")
        other = self.raw if code == self.code else self.lookup(code)
        if other is None:
            self.fail(f"{where}: “{what}” chỉ đến biểu “{code}” không có trong danh mục.")
        if self.depth >= 4:
            self.fail(f"{where}: “{what}” tham chiếu vòng hoặc quá sâu.")
        for section in other.get("sections") or []:
            if isinstance(section, dict) and section.get("key") == ref.get("section"):
                # Parse the other section on its own so its columns are checked too.
                return _Builder(other, self.lookup, self.depth + 1).section_only(section)
        self.fail(
            f"{where}: “{what}” chỉ đến phần “{ref.get('section')}” không có trong biểu {code}."
        )

    def section_only(self, raw) -> Section:
        self.code = str(self.raw.get("code"))
        if "rows_from_children" in raw:
            raw = {k: v for k, v in raw.items() if k != "rows_from_children"}
            raw.setdefault("rows", [{"key": "total", "label": "Tổng số"}])
        return self.section(raw)

    def child_rows(self, raw, where: str) -> tuple[ChildRows, Section]:
        source = self.other_section(raw, where, "rows_from_children")
        row = raw.get("row")
        if source.rows and row not in {r.key for r in source.rows}:
            self.fail(f"{where}: “rows_from_children” chỉ đến dòng “{row}” không có.")
        label = _text(raw.get("total_row_label", "Tổng số"), where)
        return ChildRows(raw["form"], raw["section"], row, label), source

    def columns_like(self, ref, where: str) -> list:
        source = self.other_section(ref, where, "columns_like")
        other = self.raw if ref.get("form") == self.code else self.lookup(ref["form"])
        raw_section = next(s for s in other["sections"] if s.get("key") == source.key)
        columns = raw_section.get("columns")
        if columns is None:
            self.fail(f"{where}: “columns_like” chỉ đến một phần cũng dùng “columns_like”.")
        columns = copy.deepcopy(columns)
        self.default_from(columns)
        return columns

    def default_from(self, nodes: list) -> None:
        for node in nodes:
            if isinstance(node, dict):
                if "key" in node:
                    node.setdefault("from", node["key"])
                self.default_from(node.get("children") or [])

    def header(self, raw, where: str, path: tuple, leaves: list, depth: int) -> Header:
        if depth > MAX_HEADER_DEPTH:
            self.fail(f"{where}: tiêu đề cột lồng quá {MAX_HEADER_DEPTH} tầng.")
        if not isinstance(raw, dict):
            self.fail(f"{where}: mỗi cột phải là một đối tượng JSON.")
        label = _text(raw.get("label"), f"{where}: nhãn cột")
        if "key" not in raw:
            children = self.list_of(raw.get("children"), f"{where}, nhóm cột “{label}”")
            return Header(
                label, [self.header(c, where, (*path, label), leaves, depth + 1) for c in children]
            )
        key = raw["key"]
        if not isinstance(key, str) or not KEY_PATTERN.match(key) or key in ("and", "or", "not"):
            self.fail(f"{where}: khóa cột “{key}” không hợp lệ (chữ thường, số, gạch dưới).")
        if raw.get("children"):
            self.fail(f"{where}, cột {key}: cột có khóa không được có cột con.")
        kind = raw.get("type", "integer")
        if kind not in ("integer", "decimal"):
            self.fail(f"{where}, cột {key}: kiểu “{kind}” không hợp lệ (integer hoặc decimal).")
        aggregate = raw.get("aggregate")
        weighted_by = None
        if aggregate is not None:
            if not isinstance(aggregate, dict) or set(aggregate) != {"weighted_average_by"}:
                self.fail(f"{where}, cột {key}: “aggregate” chỉ nhận “weighted_average_by”.")
            weighted_by = aggregate["weighted_average_by"]
        leaf = Leaf(
            key=key,
            code=_text(raw.get("code"), f"{where}, cột {key}: mã cột", required=False, limit=20),
            label=label,
            unit=_text(raw.get("unit"), where, required=False, limit=40),
            decimal=kind == "decimal",
            weighted_by=weighted_by,
            source=raw.get("from", key),
            path=path,
        )
        leaves.append(leaf)
        return Header(label, [], leaf)

    def rule(self, raw, form: FormDef) -> Rule:
        if not isinstance(raw, dict):
            self.fail("mỗi quy tắc phải là một đối tượng JSON.")
        try:
            node = parse_rule(raw.get("check"))
        except RuleError as error:
            self.fail(error.message)
        severity = raw.get("severity")
        if severity not in SEVERITIES:
            self.fail(
                f"quy tắc “{raw.get('check')}”: mức “{severity}” không hợp lệ (error hoặc warning)."
            )
        rule = Rule(
            raw["check"], severity, _text(raw.get("message"), "thông báo của quy tắc"), node
        )
        if not form.rule_sections(rule):
            self.fail(
                f"quy tắc “{rule.check}” dùng cột không có trong cùng một phần của biểu: "
                + ", ".join(sorted(node.key_names()))
                + "."
            )
        return rule


def parse_form(raw: dict, lookup: Callable[[str], dict | None]) -> FormDef:
    """Check and build one form; `lookup(code)` returns other forms' raw definitions."""
    builder = _Builder(raw, lookup)
    try:
        return builder.build()
    except CatalogError as error:
        if error.message.startswith("Biểu "):
            raise
        raise CatalogError(f"Biểu {builder.code}: {error.message}") from error


def parse_catalog(raw_forms: list, lookup: Callable[[str], dict | None] = lambda code: None):
    """Check a list of forms that may refer to each other and to `lookup`'s forms."""
    if not isinstance(raw_forms, list):
        raise CatalogError("Tệp danh mục cần danh sách “forms”.")
    codes = [f.get("code") if isinstance(f, dict) else None for f in raw_forms]
    duplicates = sorted({c for c in codes if c is not None and codes.count(c) > 1})
    if duplicates:
        raise CatalogError("Mã biểu bị trùng trong tệp: " + ", ".join(duplicates) + ".")
    by_code = {c: f for c, f in zip(codes, raw_forms, strict=True) if c is not None}

    def find(code):
        return by_code.get(code) or lookup(code)

    return [parse_form(raw, find) for raw in raw_forms]
