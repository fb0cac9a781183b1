"""Lay out a section's column tree as the printed header: rows of cells with spans."""

from __future__ import annotations

from dataclasses import dataclass

from thongke.catalog.model import Header, Leaf, Section


@dataclass
class HeaderCell:
    label: str
    colspan: int
    rowspan: int
    leaf: Leaf | None


def _depth(header: Header) -> int:
    return 1 + max((_depth(child) for child in header.children), default=0)


def _width(header: Header) -> int:
    return 1 if header.leaf else sum(_width(child) for child in header.children)


def header_rows(section: Section) -> list[list[HeaderCell]]:
    """Return the header rows, top first; a leaf reaches down to the last header row."""
    depth = max(_depth(h) for h in section.headers)
    rows: list[list[HeaderCell]] = [[] for _ in range(depth)]

    def place(header: Header, level: int) -> None:
        if header.leaf is not None:
            rows[level].append(HeaderCell(header.label, 1, depth - level, header.leaf))
            return
        rows[level].append(HeaderCell(header.label, _width(header), 1, None))
        for child in header.children:
            place(child, level + 1)

    for header in section.headers:
        place(header, 0)
    return rows
