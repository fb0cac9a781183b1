"""The workflow of one report (design §5), as a pure table: no database, no request.

    Đang nhập ─bc gửi─▶ Chờ kiểm tra ─kt đạt─▶ Chờ phê duyệt ─ld phê duyệt─▶ Đã gửi cấp trên
        ▲                  │ kt trả lại          │ ld trả lại                │ cấp trên trả lại
        └──────────────────┴─────────────────────┴───────────────────────────┘

The actor's relation to the report's unit decides which rows apply: `own` (same unit), `behalf`
(the parent of a unit that does not use the software, acting for it), `parent` (the unit the
report is sent to, for returns from above) and `other`.
"""

DANG_NHAP = "dang_nhap"
CHO_KIEM_TRA = "cho_kiem_tra"
CHO_PHE_DUYET = "cho_phe_duyet"
DA_GUI = "da_gui"
STATES = {
    DANG_NHAP: "Đang nhập",
    CHO_KIEM_TRA: "Chờ kiểm tra",
    CHO_PHE_DUYET: "Chờ phê duyệt",
    DA_GUI: "Đã gửi cấp trên",
}
ACTIONS = {"submit": "gửi", "pass": "kiểm tra đạt", "approve": "phê duyệt", "return": "trả lại"}
ROLES = ("bc", "kt", "ld")
RELATIONS = ("own", "behalf", "parent", "other")

# (state, action, role, relations) -> new state; "checked" submit goes to the checker first.
_TABLE = {
    (DANG_NHAP, "submit", "bc", ("own", "behalf")): "after_submit",
    (CHO_KIEM_TRA, "pass", "kt", ("own",)): CHO_PHE_DUYET,
    (CHO_KIEM_TRA, "return", "kt", ("own",)): DANG_NHAP,
    (CHO_PHE_DUYET, "approve", "ld", ("own", "behalf")): DA_GUI,
    (CHO_PHE_DUYET, "return", "ld", ("own", "behalf")): DANG_NHAP,
    (DA_GUI, "return", "kt", ("parent", "behalf")): DANG_NHAP,
    (DA_GUI, "return", "ld", ("parent", "behalf")): DANG_NHAP,
}


def next_state(state: str, action: str, role: str, relation: str, has_checker: bool) -> str | None:
    """Return the state after `action`, or None when this role may not do it now."""
    for (from_state, name, who, relations), target in _TABLE.items():
        if (from_state, name, who) == (state, action, role) and relation in relations:
            if target == "after_submit":
                # Units without a checker (communes, and anyone entered on behalf) skip it.
                return CHO_KIEM_TRA if has_checker and relation == "own" else CHO_PHE_DUYET
            return target
    return None


def available_actions(state: str, role: str, relation: str, has_checker: bool) -> list[str]:
    """List the actions this role may take on a report in `state`, in workflow order."""
    return [a for a in ACTIONS if next_state(state, a, role, relation, has_checker)]


def is_return_from_above(state: str, relation: str) -> bool:
    """Tell whether a return is the receiving unit's correction request (TT 03/2019 Điều 9)."""
    return state == DA_GUI and relation in ("parent", "behalf")


def who_may(state: str) -> str:
    """Say, in Vietnamese, who acts next on a report in `state`."""
    return {
        DANG_NHAP: "chuyên viên (_bc) của đơn vị nhập số liệu và gửi",
        CHO_KIEM_TRA: "người kiểm tra (_kt) của đơn vị kiểm tra đạt hoặc trả lại",
        CHO_PHE_DUYET: "lãnh đạo (_ld) của đơn vị phê duyệt hoặc trả lại",
        DA_GUI: "người kiểm tra hoặc lãnh đạo của đơn vị cấp trên có thể trả lại để chỉnh lý",
    }[state]
