"""Reading typed numbers the Vietnamese way, and storing them exactly."""

from decimal import Decimal

import pytest

from thongke.catalog.model import Leaf
from thongke.values import ValueProblem, format_value, from_storage, parse_value, to_storage

INTEGER = Leaf("c1", "(1)", "Tổng số", "", False, None, "c1", ())
DECIMAL = Leaf("c20", "(20)", "Nam", "Tuổi", True, "c19", "c20", ())


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("1.000.000", 1_000_000),
        ("1000000", 1_000_000),
        (" 12 ", 12),
        ("0", 0),
        ("", None),
        ("   ", None),
        (None, None),
        (7, 7),
        ("1 000", 1000),
        ("+5", 5),
        ("1.000.000.000.000.000", 10**15),
    ],
)
def test_integer_inputs(raw, expected):
    assert parse_value(INTEGER, raw) == expected


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        ("abc", "không phải số"),
        ("-3", "âm"),
        ("1,5", "số nguyên"),
        ("1.5", "số nguyên"),
        ("10" * 10, "vượt quá giới hạn"),
        ("1.000.000.000.000.001", "vượt quá giới hạn"),
        ("1e5", "không phải số"),
        ("12a", "không phải số"),
        ("1.00.000", "không phải số"),
        (True, "không phải số"),
        ([1], "không phải số"),
        ("<b>1</b>", "không phải số"),
    ],
)
def test_integer_refusals(raw, message):
    with pytest.raises(ValueProblem, match=message):
        parse_value(INTEGER, raw)


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("1,5", Decimal("1.5")),
        ("24.5", Decimal("24.5")),
        ("1.000,25", Decimal("1000.25")),
        ("25", Decimal(25)),
        ("0,1234", Decimal("0.1234")),
        (",5", Decimal("0.5")),
    ],
)
def test_decimal_inputs(raw, expected):
    value = parse_value(DECIMAL, raw)
    assert value == expected
    assert from_storage(DECIMAL, to_storage(DECIMAL, value)) == expected


@pytest.mark.parametrize(
    ("raw", "message"),
    [("0,12345", "4 chữ số"), ("1,2,3", "không phải"), ("-1,5", "âm"), ("x,5", "không phải số")],
)
def test_decimal_refusals(raw, message):
    with pytest.raises(ValueProblem, match=message):
        parse_value(DECIMAL, raw)


def test_format():
    assert format_value(1_000_000) == "1.000.000"
    assert format_value(Decimal("24.5")) == "24,5"
    assert format_value(Decimal("1000.25")) == "1.000,25"
    assert format_value(None) == ""
    assert format_value(0) == "0"
