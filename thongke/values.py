"""Cell values: read what people type (Vietnamese style), store exactly, show it back."""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation

from thongke.catalog.model import Leaf

DECIMAL_PLACES = 4
SCALE = 10**DECIMAL_PLACES
MAX_INTEGER = 10**15  # money columns (Đồng) reach hundreds of billions; leave room
MAX_DECIMAL = Decimal(10**12)
_GROUPED = re.compile(r"^\d{1,3}(\.\d{3})+$")
_PLAIN = re.compile(r"^\d+$")


class ValueProblem(ValueError):
    """A typed value that cannot be stored; the message says why, in Vietnamese."""


def _integer_part(text: str) -> str:
    if _PLAIN.match(text):
        return text
    if _GROUPED.match(text):
        return text.replace(".", "")
    raise ValueProblem("không phải số hợp lệ (ví dụ 1.000.000).")


def parse_value(leaf: Leaf, raw) -> int | Decimal | None:
    """Turn input into an int (integer columns) or a Decimal; None for an empty cell."""
    if raw is None:
        return None
    if isinstance(raw, bool):
        raise ValueProblem("không phải số.")
    if isinstance(raw, int):
        text = str(raw)
    elif isinstance(raw, float | Decimal):
        text = format(Decimal(str(raw)), "f")
    elif isinstance(raw, str):
        text = raw.strip().replace("\u00a0", "").replace(" ", "")
    else:
        raise ValueProblem("không phải số.")
    if text == "":
        return None
    if text.startswith("-"):
        raise ValueProblem("không được là số âm.")
    if text.startswith("+"):
        text = text[1:]
    if leaf.decimal:
        return _parse_decimal(text)
    if "," in text or (re.match(r"^\d+\.\d+$", text) and not _GROUPED.match(text)):
        raise ValueProblem("phải là số nguyên (cột này không có phần thập phân).")
    number = int(_integer_part(text))
    if number > MAX_INTEGER:
        raise ValueProblem("vượt quá giới hạn 1.000.000.000.000.000.")
    return number


def _parse_decimal(text: str) -> Decimal:
    if "," in text:  # Vietnamese style: ',' before decimals, '.' between thousands
        whole, _, fraction = text.partition(",")
        whole = _integer_part(whole) if whole else "0"
    elif _GROUPED.match(text) or _PLAIN.match(text):
        whole, fraction = _integer_part(text), ""
    elif re.match(r"^\d*\.\d+$", text):  # 24.5 as typed on an English keyboard
        whole, _, fraction = text.partition(".")
        whole = whole or "0"
    else:
        raise ValueProblem("không phải số hợp lệ (ví dụ 24,5).")
    if fraction and not fraction.isdigit():
        raise ValueProblem("không phải số hợp lệ (ví dụ 24,5).")
    if len(fraction) > DECIMAL_PLACES:
        raise ValueProblem(f"chỉ được tối đa {DECIMAL_PLACES} chữ số thập phân.")
    try:
        number = Decimal(f"{whole}.{fraction or '0'}")
    except InvalidOperation as error:
        raise ValueProblem("không phải số hợp lệ.") from error
    if number > MAX_DECIMAL:
        raise ValueProblem("vượt quá giới hạn cho phép.")
    return number.normalize() if number != number.to_integral() else number.quantize(1)


def to_storage(leaf: Leaf, value: int | Decimal) -> int:
    """Return the integer kept in the database for a parsed value."""
    return int(value * SCALE) if leaf.decimal else int(value)


def from_storage(leaf: Leaf, stored: int | None) -> int | Decimal | None:
    """Return the value a stored integer stands for."""
    if stored is None:
        return None
    if leaf.decimal:
        value = Decimal(stored) / SCALE
        return value.quantize(1) if value == value.to_integral() else value.normalize()
    return int(stored)


def format_value(value: int | Decimal | None) -> str:
    """Show a value the Vietnamese way: 1.000.000 and 24,5."""
    if value is None:
        return ""
    text = str(value) if isinstance(value, int) else format(value, "f")
    whole, _, fraction = text.partition(".")
    grouped = f"{int(whole):,}".replace(",", ".")
    return grouped + ("," + fraction if fraction else "")
