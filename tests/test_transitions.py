"""Workflow operations over the database: states, signatories, refusals, returns from above,
entry on behalf, consolidation, freezing and the stale flag."""

import re
from decimal import Decimal

import pytest
from sqlalchemy import event, select

from tests.builders import (
    F13A,
    F13B,
    F17A,
    F17B,
    F17C,
    make_workflow_tree,
    report_of,
)
from thongke.aggregation import is_stale, live_figures
from thongke.catalog.store import form_def
from thongke.clock import utcnow
from thongke.errors import PermissionDenied, ValidationFailed
from thongke.extensions import db as _db
from thongke.models import ReportEvent
from thongke.reports import save_values, stored_values
from thongke.transitions import (
    WorkflowRefused,
    approve_report,
    pass_report,
    reconsolidate_report,
    return_report,
    submit_report,
)
from thongke.workflow import CHO_KIEM_TRA, CHO_PHE_DUYET, DA_GUI, DANG_NHAP


@pytest.fixture
def t(db):
    return make_workflow_tree()


def fill(report, actor, values, note=None):
    save_values(
        report,
        {
            ("main", "total", k) if "." not in k else tuple(k.split(".")): v
            for k, v in values.items()
        },
        actor,
        report.version,
        utcnow(),
        note=note,
    )
    _db.session.commit()  # as the entry page does after each save


def send_up(report, bc, ld, kt=None):
    """Submit, check when there is a checker, approve."""
    submit_report(report, bc, utcnow())
    if report.status == CHO_KIEM_TRA:
        pass_report(report, kt, utcnow())
    approve_report(report, ld, utcnow())
    _db.session.commit()


def test_commune_submits_and_its_leader_approves(t):
    report = report_of(t.xa11, F17A, t.period)
    fill(report, t.xa11_bc, {"c1": "5"})
    assert submit_report(report, t.xa11_bc, utcnow()) == CHO_PHE_DUYET  # no checker in a xã
    assert approve_report(report, t.xa11_ld, utcnow()) == DA_GUI
    _db.session.commit()
    assert report.submitted_by_name == t.xa11_bc.username
    assert report.approved_by_name == t.xa11_ld.username and report.approved_at
    kinds = _db.session.scalars(
        select(ReportEvent.kind).where(ReportEvent.report_id == report.id).order_by(ReportEvent.id)
    ).all()
    assert kinds == ["value", "submit", "approve"]


def test_district_goes_through_its_checker(t):
    for xa, bc, ld in ((t.xa11, t.xa11_bc, t.xa11_ld), (t.xa12, t.xa12_bc, t.xa12_ld)):
        send_up(report_of(xa, F17A, t.period), bc, ld)
    report = report_of(t.phong1, F17B, t.period)
    assert submit_report(report, t.phong1_bc, utcnow()) == CHO_KIEM_TRA
    assert pass_report(report, t.phong1_kt, utcnow()) == CHO_PHE_DUYET
    assert approve_report(report, t.phong1_ld, utcnow()) == DA_GUI
    assert report.checked_by_name == t.phong1_kt.username


@pytest.mark.parametrize(
    ("who", "error", "message"),
    [
        ("xa11_bc", WorkflowRefused, re.escape("chỉ lãnh đạo (_ld) của đơn vị phê duyệt")),
        ("phong1_ld", WorkflowRefused, "Không thể phê duyệt"),  # the parent may only return
        ("xa12_ld", PermissionDenied, "không có quyền"),  # another commune
        ("phong2_ld", PermissionDenied, "không có quyền"),  # another district
        ("admin", WorkflowRefused, "Không thể phê duyệt"),
    ],
)
def test_only_the_units_leader_approves(t, who, error, message):
    report = report_of(t.xa11, F17A, t.period)
    submit_report(report, t.xa11_bc, utcnow())
    _db.session.commit()
    with pytest.raises(error, match=message):
        approve_report(report, getattr(t, who), utcnow())
    _db.session.rollback()
    assert report.status == CHO_PHE_DUYET


def test_checker_of_another_district_and_commune_leader_on_a_district_report(t):
    for xa, bc, ld in ((t.xa11, t.xa11_bc, t.xa11_ld), (t.xa12, t.xa12_bc, t.xa12_ld)):
        send_up(report_of(xa, F17A, t.period), bc, ld)
    report = report_of(t.phong1, F17B, t.period)
    submit_report(report, t.phong1_bc, utcnow())
    _db.session.commit()
    with pytest.raises(PermissionDenied):
        pass_report(report, t.phong2_kt, utcnow())
    pass_report(report, t.phong1_kt, utcnow())
    with pytest.raises(PermissionDenied):
        approve_report(report, t.xa11_ld, utcnow())
    _db.session.rollback()


def test_return_needs_a_reason_and_the_unit_sees_it(t):
    report = report_of(t.xa11, F17A, t.period)
    submit_report(report, t.xa11_bc, utcnow())
    _db.session.commit()
    for reason in ("", "   ", None):
        with pytest.raises(ValidationFailed, match="lý do"):
            return_report(report, t.xa11_ld, utcnow(), reason)
    assert report.status == CHO_PHE_DUYET
    return_report(report, t.xa11_ld, utcnow(), "Thiếu số liệu cột (3)")
    _db.session.commit()
    assert report.status == DANG_NHAP and report.return_reason == "Thiếu số liệu cột (3)"
    submit_report(report, t.xa11_bc, utcnow())
    assert report.return_reason is None


def test_closed_period_refuses_every_action(t):
    report = report_of(t.xa11, F17A, t.period)
    t.period.status = "closed"
    _db.session.commit()
    with pytest.raises(WorkflowRefused, match="khóa sổ"):
        submit_report(report, t.xa11_bc, utcnow())


def test_rule_errors_block_and_warnings_need_a_note(t):
    report = report_of(t.xa11, F13A, t.period)
    fill(report, t.xa11_bc, {"c1": "10", "c2": "4", "c3": "5"})
    with pytest.raises(ValidationFailed) as caught:
        submit_report(report, t.xa11_bc, utcnow())
    assert "Khai sinh: cột (1) phải bằng (2) + (3)" in caught.value.message
    _db.session.rollback()
    fill(
        report,
        t.xa11_bc,
        {"c3": "6", "c4": "5", "c5": "5", "c6": "10", "c18": "3", "c19": "2", "c20": "12"},
    )
    with pytest.raises(ValidationFailed, match="hãy ghi thuyết minh"):
        submit_report(report, t.xa11_bc, utcnow())
    _db.session.rollback()
    fill(report, t.xa11_bc, {}, note="Hai cặp tảo hôn đã được xử lý")
    assert submit_report(report, t.xa11_bc, utcnow()) == CHO_PHE_DUYET


def test_aggregate_waits_for_every_child(t):
    send_up(report_of(t.xa11, F17A, t.period), t.xa11_bc, t.xa11_ld)
    report = report_of(t.phong1, F17B, t.period)
    with pytest.raises(WorkflowRefused) as caught:
        submit_report(report, t.phong1_bc, utcnow())
    assert "UBND xã Một Hai (17a/BTP/HTQTCT/CT)" in caught.value.message
    assert "UBND xã Một Một" not in caught.value.message


def _approved_commune_figures(t):
    fill(report_of(t.xa11, F17A, t.period), t.xa11_bc, {"c1": "1.000", "c2": "20", "c3": "3"})
    fill(report_of(t.xa12, F17A, t.period), t.xa12_bc, {"c1": "500", "c3": "4"})
    for xa, bc, ld in ((t.xa11, t.xa11_bc, t.xa11_ld), (t.xa12, t.xa12_bc, t.xa12_ld)):
        send_up(report_of(xa, F17A, t.period), bc, ld)


def test_live_figures_and_freezing(t):
    report = report_of(t.phong1, F17B, t.period)
    section = form_def(report.form).section("II")
    assert live_figures(report, section).completeness == "0/2 xã đã gửi"
    _approved_commune_figures(t)
    figures = live_figures(report, section)
    assert figures.completeness == "2/2 xã đã gửi"
    assert figures.rows["total"] == {"c1": 1500, "c2": 20, "c3": 7}
    assert figures.rows[f"u{t.xa12.id}"] == {"c1": 500, "c2": None, "c3": 4}
    fill(report, t.phong1_bc, {"I.total.c1": "9"})
    send_up(report, t.phong1_bc, t.phong1_ld, t.phong1_kt)
    frozen = stored_values(report)
    assert frozen[("II", "total", "c1")] == 1500 and frozen[("I", "total", "c1")] == 9
    assert not is_stale(report, form_def(report.form))


def test_one_grouped_query_per_section_whatever_the_number_of_children(app, t):
    from tests.builders import make_unit

    report = report_of(t.phong1, F17B, t.period)
    section = form_def(report.form).section("II")

    def count_queries():
        seen = []
        listener = lambda *args: seen.append(1)  # noqa: E731
        event.listen(_db.engine, "before_cursor_execute", listener)
        try:
            live_figures(report, section)
        finally:
            event.remove(_db.engine, "before_cursor_execute", listener)
        return len(seen)

    with_two = count_queries()
    for i in range(6):
        make_unit(f"UBND xã Thêm {i}", "xa", t.phong1, code=f"xathem{i}_hm_tt")
    _db.session.expire_all()
    _db.session.refresh(report)  # reload the report outside the count
    # The source form, the children, the approved reports, and one grouped query of figures.
    assert count_queries() == with_two == 4


def test_weighted_average_in_13b(t):
    values = {t.xa11: ("10", "26"), t.xa12: ("30", "30")}
    for xa, bc, ld in ((t.xa11, t.xa11_bc, t.xa11_ld), (t.xa12, t.xa12_bc, t.xa12_ld)):
        pairs, age = values[xa]
        fill(
            report_of(xa, F13A, t.period),
            bc,
            {"c18": pairs, "c19": pairs, "c20": age, "c21": "22,5"},
        )
        send_up(report_of(xa, F13A, t.period), bc, ld)
    report = report_of(t.phong1, F13B, t.period)
    total = live_figures(report, form_def(report.form).section("main")).rows["total"]
    assert total["c19"] == 40
    assert total["c20"] == Decimal("29")  # (10 × 26 + 30 × 30) / 40
    assert total["c21"] == Decimal("22.5")


def test_return_from_above_only_while_the_aggregate_is_being_entered(t):
    _approved_commune_figures(t)
    child = report_of(t.xa11, F17A, t.period)
    aggregate = report_of(t.phong1, F17B, t.period)
    submit_report(aggregate, t.phong1_bc, utcnow())
    _db.session.commit()
    with pytest.raises(WorkflowRefused) as caught:
        return_report(child, t.phong1_ld, utcnow(), "Xem lại cột (2)")
    assert "17b/BTP/HTQTCT/CT của Phòng Tư pháp huyện Một" in caught.value.message
    _db.session.rollback()
    return_report(aggregate, t.phong1_kt, utcnow(), "Chờ xã sửa")
    return_report(child, t.phong1_ld, utcnow(), "Xem lại cột (2)")
    _db.session.commit()
    assert child.status == DANG_NHAP and child.return_reason == "Xem lại cột (2)"
    # A commune cannot return its own sent report, nor can the Sở skip a level.
    send_up(child, t.xa11_bc, t.xa11_ld)
    with pytest.raises(WorkflowRefused):
        return_report(child, t.xa11_ld, utcnow(), "x")
    with pytest.raises(WorkflowRefused):
        return_report(child, t.so_ld, utcnow(), "x")


def test_stale_flag_and_reconsolidation(t):
    _approved_commune_figures(t)
    aggregate = report_of(t.phong1, F17B, t.period)
    submit_report(aggregate, t.phong1_bc, utcnow())
    return_report(aggregate, t.phong1_kt, utcnow(), "Chờ xã sửa")
    child = report_of(t.xa11, F17A, t.period)
    return_report(child, t.phong1_ld, utcnow(), "Cột (1) sai")
    _db.session.commit()
    definition = form_def(aggregate.form)
    assert is_stale(aggregate, definition)  # a child is no longer approved
    fill(child, t.xa11_bc, {"c1": "1.200"})
    send_up(child, t.xa11_bc, t.xa11_ld)
    assert is_stale(aggregate, definition)
    assert stored_values(aggregate)[("II", "total", "c1")] == 1500
    reconsolidate_report(aggregate, t.phong1_bc, utcnow())
    _db.session.commit()
    assert not is_stale(aggregate, definition)
    assert stored_values(aggregate)[("II", "total", "c1")] == 1700


def test_entry_on_behalf_of_a_commune_without_the_software(t):
    t.xa12.not_using_software = True
    _db.session.commit()
    report = report_of(t.xa12, F17A, t.period)
    fill(report, t.phong1_bc, {"c1": "7"})
    assert submit_report(report, t.phong1_bc, utcnow()) == CHO_PHE_DUYET
    with pytest.raises(WorkflowRefused):
        approve_report(report, t.phong1_kt, utcnow())
    assert approve_report(report, t.phong1_ld, utcnow()) == DA_GUI
    _db.session.commit()
    events = _db.session.scalars(
        select(ReportEvent).where(ReportEvent.report_id == report.id).order_by(ReportEvent.id)
    ).all()
    assert {e.acting_unit_id for e in events} == {t.phong1.id}
    assert report.approved_by_name == t.phong1_ld.username


def test_so_sees_district_figures_in_17c(t):
    _approved_commune_figures(t)
    fill(report_of(t.phong1, F17B, t.period), t.phong1_bc, {"I.total.c4": "2"})
    send_up(report_of(t.phong1, F17B, t.period), t.phong1_bc, t.phong1_ld, t.phong1_kt)
    report = report_of(t.so, F17C, t.period)
    definition = form_def(report.form)
    section1 = live_figures(report, definition.section("1"))
    section2 = live_figures(report, definition.section("2"))
    assert section1.rows["total"]["c4"] == 2
    assert section2.rows["total"] == {"c1": 1500, "c2": 20, "c3": 7}
    assert section2.completeness == "1/2 huyện đã gửi"
    with pytest.raises(WorkflowRefused, match="Phòng Tư pháp huyện Hai"):
        submit_report(report, t.so_bc, utcnow())
