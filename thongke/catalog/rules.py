"""The rule grammar of the catalog: a small safe parser and evaluator, no `eval`.

Grammar (keys name leaf columns of the same row)::

    expr    := and ("or" and)*
    and     := not ("and" not)*
    not     := "not" not | compare
    compare := sum [("==" | "!=" | "<=" | ">=" | "<" | ">") sum]
    sum     := product (("+" | "-") product)*
    product := unary ("*" unary)*
    unary   := "-" unary | NUMBER | KEY | "(" expr ")"

Types are checked while parsing: comparisons take numbers, `and`/`or`/`not` take truth values,
and a whole rule must be a truth value. Anything else is a `RuleError`, a definition error.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal

from thongke.errors import DomainError

MAX_LENGTH = 2000
MAX_DEPTH = 40
MAX_TOKENS = 400  # keeps every tree shallow enough to walk recursively
_TOKEN = re.compile(r"\s*(?:(\d+(?:\.\d+)?)|([A-Za-z_][A-Za-z0-9_]*)|(==|!=|<=|>=|[-+*<>()]))")
_WORDS = {"and", "or", "not"}
_COMPARE = {
    "==": lambda a, b: a == b,
    "!=": lambda a, b: a != b,
    "<=": lambda a, b: a <= b,
    ">=": lambda a, b: a >= b,
    "<": lambda a, b: a < b,
    ">": lambda a, b: a > b,
}


class RuleError(DomainError):
    """A rule that cannot be parsed or does not type-check."""


@dataclass(frozen=True)
class Node:
    op: str  # "num", "key", "neg", "+", "-", "*", a comparison, "and", "or", "not"
    args: tuple = ()
    value: object = None

    @property
    def is_bool(self) -> bool:
        return self.op in _COMPARE or self.op in _WORDS

    def key_names(self) -> set[str]:
        if self.op == "key":
            return {self.value}
        found: set[str] = set()
        for arg in self.args:
            found |= arg.key_names()
        return found

    def to_json(self):
        """Return the tree as plain lists and values, for the page's live checks."""
        if self.op == "num":
            return ["num", str(self.value)]
        if self.op == "key":
            return ["key", self.value]
        return [self.op, *(arg.to_json() for arg in self.args)]


def _tokenize(text: str) -> list[str]:
    tokens, position = [], 0
    stripped = text.rstrip()
    while position < len(stripped):
        match = _TOKEN.match(stripped, position)
        if match is None or match.end() == position:
            raise RuleError(f"Quy tắc “{text}”: ký tự không hợp lệ ở vị trí {position + 1}.")
        tokens.append(next(group for group in match.groups() if group is not None))
        position = match.end()
        if len(tokens) > MAX_TOKENS:
            raise RuleError(f"Quy tắc “{text[:80]}…” quá dài (tối đa {MAX_TOKENS} thành phần).")
    return tokens


class _Parser:
    def __init__(self, text: str):
        self.text = text
        self.tokens = _tokenize(text)
        self.position = 0
        self.depth = 0

    def fail(self, what: str):
        raise RuleError(f"Quy tắc “{self.text}”: {what}.")

    def peek(self) -> str | None:
        return self.tokens[self.position] if self.position < len(self.tokens) else None

    def take(self) -> str:
        token = self.peek()
        if token is None:
            self.fail("thiếu phần cuối")
        self.position += 1
        return token

    def enter(self):
        self.depth += 1
        if self.depth > MAX_DEPTH:
            self.fail(f"lồng quá {MAX_DEPTH} tầng")

    def expect_number(self, node: Node, where: str) -> Node:
        if node.is_bool:
            self.fail(f"{where} phải là số, không phải điều kiện")
        return node

    def expect_bool(self, node: Node, where: str) -> Node:
        if not node.is_bool:
            self.fail(f"{where} phải là điều kiện (so sánh), không phải số")
        return node

    def parse(self) -> Node:
        if not self.tokens:
            self.fail("quy tắc trống")
        node = self.expect_bool(self.expr(), "cả quy tắc")
        if self.peek() is not None:
            self.fail(f"thừa “{self.peek()}”")
        return node

    def expr(self) -> Node:
        node = self.and_()
        while self.peek() == "or":
            self.take()
            node = Node(
                "or",
                (
                    self.expect_bool(node, "vế trái của or"),
                    self.expect_bool(self.and_(), "vế phải của or"),
                ),
            )
        return node

    def and_(self) -> Node:
        node = self.not_()
        while self.peek() == "and":
            self.take()
            node = Node(
                "and",
                (
                    self.expect_bool(node, "vế trái của and"),
                    self.expect_bool(self.not_(), "vế phải của and"),
                ),
            )
        return node

    def not_(self) -> Node:
        if self.peek() == "not":
            self.take()
            self.enter()
            node = Node("not", (self.expect_bool(self.not_(), "sau not"),))
            self.depth -= 1
            return node
        return self.compare()

    def compare(self) -> Node:
        left = self.sum()
        if self.peek() in _COMPARE:
            op = self.take()
            right = self.sum()
            if self.peek() in _COMPARE:
                self.fail("không được so sánh nối tiếp; hãy dùng and")
            return Node(
                op,
                (
                    self.expect_number(left, f"vế trái của {op}"),
                    self.expect_number(right, f"vế phải của {op}"),
                ),
            )
        return left

    def sum(self) -> Node:
        node = self.product()
        while self.peek() in ("+", "-"):
            op = self.take()
            node = Node(
                op,
                (
                    self.expect_number(node, f"vế trái của {op}"),
                    self.expect_number(self.product(), f"vế phải của {op}"),
                ),
            )
        return node

    def product(self) -> Node:
        node = self.unary()
        while self.peek() == "*":
            self.take()
            node = Node(
                "*",
                (
                    self.expect_number(node, "vế trái của *"),
                    self.expect_number(self.unary(), "vế phải của *"),
                ),
            )
        return node

    def unary(self) -> Node:
        token = self.take()
        if token == "-":
            self.enter()
            node = Node("neg", (self.expect_number(self.unary(), "sau dấu -"),))
            self.depth -= 1
            return node
        if token == "(":
            self.enter()
            node = self.expr()
            if self.take() != ")":
                self.fail("thiếu dấu )")
            self.depth -= 1
            return node
        if token[0].isdigit():
            return Node("num", value=Decimal(token))
        if token in _WORDS or not (token[0].isalpha() or token[0] == "_"):
            self.fail(f"không mong đợi “{token}”")
        return Node("key", value=token)


def parse_rule(text: str) -> Node:
    """Parse one rule; raise `RuleError` naming the problem."""
    if not isinstance(text, str):
        raise RuleError("Quy tắc phải là một chuỗi ký tự.")
    if len(text) > MAX_LENGTH:
        raise RuleError(f"Quy tắc dài quá {MAX_LENGTH} ký tự.")
    return _Parser(text).parse()


def evaluate(node: Node, values: dict) -> bool | Decimal:
    """Evaluate a parsed rule over `values` (key → number; a missing key counts as 0)."""
    op, args = node.op, node.args
    if op == "num":
        return node.value
    if op == "key":
        value = values.get(node.value)
        return Decimal(0) if value is None else Decimal(value)
    if op == "neg":
        return -evaluate(args[0], values)
    if op == "not":
        return not evaluate(args[0], values)
    if op == "and":
        return evaluate(args[0], values) and evaluate(args[1], values)
    if op == "or":
        return evaluate(args[0], values) or evaluate(args[1], values)
    left, right = evaluate(args[0], values), evaluate(args[1], values)
    if op == "+":
        return left + right
    if op == "-":
        return left - right
    if op == "*":
        return left * right
    return _COMPARE[op](left, right)
