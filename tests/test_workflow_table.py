"""The pure workflow table, exhaustively over state × action × role × relation × checker."""

import itertools

import pytest

from thongke.workflow import (
    ACTIONS,
    CHO_KIEM_TRA,
    CHO_PHE_DUYET,
    DA_GUI,
    DANG_NHAP,
    RELATIONS,
    ROLES,
    STATES,
    available_actions,
    next_state,
)

# Every allowed move, written out by hand from design §5; everything else is refused.
ALLOWED = {
    (DANG_NHAP, "submit", "bc", "own", True): CHO_KIEM_TRA,
    (DANG_NHAP, "submit", "bc", "own", False): CHO_PHE_DUYET,
    (DANG_NHAP, "submit", "bc", "behalf", True): CHO_PHE_DUYET,
    (DANG_NHAP, "submit", "bc", "behalf", False): CHO_PHE_DUYET,
    (CHO_KIEM_TRA, "pass", "kt", "own", True): CHO_PHE_DUYET,
    (CHO_KIEM_TRA, "pass", "kt", "own", False): CHO_PHE_DUYET,
    (CHO_KIEM_TRA, "return", "kt", "own", True): DANG_NHAP,
    (CHO_KIEM_TRA, "return", "kt", "own", False): DANG_NHAP,
    (CHO_PHE_DUYET, "approve", "ld", "own", True): DA_GUI,
    (CHO_PHE_DUYET, "approve", "ld", "own", False): DA_GUI,
    (CHO_PHE_DUYET, "approve", "ld", "behalf", True): DA_GUI,
    (CHO_PHE_DUYET, "approve", "ld", "behalf", False): DA_GUI,
    (CHO_PHE_DUYET, "return", "ld", "own", True): DANG_NHAP,
    (CHO_PHE_DUYET, "return", "ld", "own", False): DANG_NHAP,
    (CHO_PHE_DUYET, "return", "ld", "behalf", True): DANG_NHAP,
    (CHO_PHE_DUYET, "return", "ld", "behalf", False): DANG_NHAP,
}
for role, how, checker in itertools.product(("kt", "ld"), ("parent", "behalf"), (True, False)):
    ALLOWED[(DA_GUI, "return", role, how, checker)] = DANG_NHAP  # return from above

CASES = list(itertools.product(STATES, ACTIONS, ROLES, RELATIONS, (True, False)))


@pytest.mark.parametrize(("state", "action", "role", "relation", "checker"), CASES)
def test_transition_table(state, action, role, relation, checker):
    expected = ALLOWED.get((state, action, role, relation, checker))
    assert next_state(state, action, role, relation, checker) == expected


@pytest.mark.parametrize(
    ("state", "role", "relation", "expected"),
    [
        (DANG_NHAP, "bc", "own", ["submit"]),
        (CHO_KIEM_TRA, "kt", "own", ["pass", "return"]),
        (CHO_PHE_DUYET, "ld", "own", ["approve", "return"]),
        (DA_GUI, "ld", "parent", ["return"]),
        (DA_GUI, "ld", "own", []),
        (DA_GUI, "bc", "parent", []),
        (CHO_PHE_DUYET, "ld", "other", []),
    ],
)
def test_available_actions(state, role, relation, expected):
    assert available_actions(state, role, relation, True) == expected
