"""The catalog's building blocks: levels, period kinds, and the checked form definition."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from thongke.catalog.rules import Node
from thongke.errors import DomainError

PERIOD_KINDS = {
    "6T": "Báo cáo 6 tháng",
    "NAM": "Báo cáo năm (lần 1)",
    "NAM_CT": "Báo cáo năm chính thức",
}
FILLING_LEVELS = ("so", "phong", "xa", "to_chuc_cc")
RECEIVING_LEVELS = (*FILLING_LEVELS, "bo")
SEVERITIES = {"error": "Lỗi", "warning": "Cảnh báo"}
KEY_PATTERN = re.compile(r"^[a-z_][a-z0-9_]{0,39}$")
MAX_HEADER_DEPTH = 8


class CatalogError(DomainError):
    """A form definition that cannot be stored."""


@dataclass
class Leaf:
    key: str
    code: str
    label: str
    unit: str
    decimal: bool
    weighted_by: str | None  # aggregate as a weighted average by this key; else a sum
    source: str  # for rows built from children: the source section's key
    path: tuple[str, ...]  # labels of the header groups above, outermost first

    @property
    def full_label(self) -> str:
        return " – ".join((*self.path, self.label))


@dataclass
class Header:
    label: str
    children: list[Header] = field(default_factory=list)
    leaf: Leaf | None = None


@dataclass
class Row:
    key: str
    code: str
    label: str


@dataclass
class ChildRows:
    form: str
    section: str
    row: str
    total_label: str


@dataclass
class Section:
    key: str
    title: str
    headers: list[Header]
    leaves: list[Leaf]
    rows: list[Row]  # fixed rows; empty when the rows come from children
    from_children: ChildRows | None

    def leaf(self, key: str) -> Leaf | None:
        return next((leaf for leaf in self.leaves if leaf.key == key), None)


@dataclass
class Rule:
    check: str
    severity: str
    message: str
    node: Node


@dataclass
class FormDef:
    code: str
    title: str
    field: str
    circular: str
    filled_by: str
    sent_to: str
    periods: list[str]
    signatories: list[str] | None
    evidence: str
    sections: list[Section]
    rules: list[Rule]
    raw: dict

    def section(self, key: str) -> Section | None:
        return next((s for s in self.sections if s.key == key), None)

    def rule_sections(self, rule: Rule) -> list[Section]:
        """Return the sections whose rows a rule checks: those holding all of its keys."""
        keys = rule.node.key_names()
        return [s for s in self.sections if keys <= {leaf.key for leaf in s.leaves}]
