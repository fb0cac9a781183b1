"""`save_values`: scope, role, state, version, every value checked; history per cell."""

import pytest
from sqlalchemy import func, select

from tests.builders import F13A, F17A, F17B, make_account, make_period, make_tree, report_of
from thongke.clock import utcnow
from thongke.errors import PermissionDenied
from thongke.extensions import db as _db
from thongke.models import Report, ReportEvent, ReportValue
from thongke.reports import CellErrors, ConflictError, save_values, stored_values


@pytest.fixture
def setup(db):
    tree = make_tree()
    tree.period = make_period([F17A, F13A, F17B])
    tree.r13 = report_of(tree.xa11, F13A, tree.period)
    tree.r17 = report_of(tree.xa11, F17A, tree.period)
    return tree


def _snapshot(report):
    _db.session.expire_all()
    values = _db.session.execute(
        select(
            ReportValue.section, ReportValue.row, ReportValue.column, ReportValue.value
        ).order_by(ReportValue.column)
    ).all()
    events = _db.session.scalar(select(func.count()).select_from(ReportEvent))
    fresh = _db.session.get(Report, report.id)
    return values, events, fresh.version, fresh.note


def test_save_writes_values_history_and_version(setup):
    report = setup.r13
    changes = save_values(
        report,
        {"main": {"total": {"c1": "10", "c2": "4", "c3": "6"}}},
        setup.xa11_bc,
        1,
        utcnow(),
        note="Số liệu đầy đủ",
    )
    _db.session.commit()
    assert changes == 4
    assert stored_values(report) == {
        ("main", "total", "c1"): 10,
        ("main", "total", "c2"): 4,
        ("main", "total", "c3"): 6,
    }
    assert report.version == 2
    events = _db.session.scalars(select(ReportEvent).order_by(ReportEvent.id)).all()
    assert [(e.kind, e.column, e.old, e.new) for e in events] == [
        ("value", "c1", None, "10"),
        ("value", "c2", None, "4"),
        ("value", "c3", None, "6"),
        ("note", None, None, "Số liệu đầy đủ"),
    ]
    assert all(e.actor_id == setup.xa11_bc.id and e.acting_unit_id == setup.xa11.id for e in events)
    # Saving the same figures again changes nothing and keeps the version.
    assert save_values(report, {("main", "total", "c1"): "10"}, setup.xa11_bc, 2, utcnow()) == 0
    assert report.version == 2


def test_change_and_clear_a_value(setup):
    report = setup.r17
    save_values(report, {("main", "total", "c1"): "1.000.000"}, setup.xa11_bc, 1, utcnow())
    save_values(report, {("main", "total", "c1"): "2.000"}, setup.xa11_bc, 2, utcnow())
    save_values(report, {("main", "total", "c1"): ""}, setup.xa11_bc, 3, utcnow())
    _db.session.commit()
    assert stored_values(report) == {}
    events = _db.session.scalars(select(ReportEvent).order_by(ReportEvent.id)).all()
    assert [(e.old, e.new) for e in events] == [
        (None, "1.000.000"),
        ("1.000.000", "2.000"),
        ("2.000", None),
    ]


def test_decimal_column(setup):
    save_values(
        setup.r13,
        {("main", "total", "c19"): "10", ("main", "total", "c20"): "26,5"},
        setup.xa11_bc,
        1,
        utcnow(),
    )
    assert str(stored_values(setup.r13)[("main", "total", "c20")]) == "26.5"


def test_stale_version_is_refused_and_nothing_written(setup):
    report = setup.r17
    save_values(report, {("main", "total", "c1"): "5"}, setup.xa11_bc, 1, utcnow())
    _db.session.commit()
    before = _snapshot(report)
    with pytest.raises(ConflictError) as caught:
        save_values(report, {("main", "total", "c1"): "7"}, setup.xa11_bc, 1, utcnow())
    _db.session.rollback()
    assert "cập nhật lúc" in caught.value.message and "hãy tải lại" in caught.value.message
    assert _snapshot(report) == before


def test_concurrent_writer_is_caught_by_the_versioned_update(app, setup):
    """Two sessions load version 1; the second to flush gets a conflict, not an overwrite."""
    report_id = setup.r17.id
    first = _db.session.get(Report, report_id)
    with app.app_context():  # a second, separate session: the other person
        other = _db.session.get(Report, report_id)
        save_values(other, {("main", "total", "c1"): "8"}, setup.xa11_bc, 1, utcnow())
        _db.session.commit()
    with pytest.raises(ConflictError):
        # This copy still says version 1, as the other person's page did.
        save_values(first, {("main", "total", "c2"): "3"}, setup.xa11_bc, 1, utcnow())
    _db.session.rollback()
    assert stored_values(_db.session.get(Report, report_id)) == {("main", "total", "c1"): 8}


BAD = [
    ({("main", "total", "c1"): "mười"}, "Ô (1) “Chứng thực bản sao”, dòng “Tổng số”"),
    ({("main", "total", "c1"): "-1"}, "âm"),
    ({("main", "total", "c1"): "1,5"}, "số nguyên"),
    ({("main", "total", "c1"): "100000000000000000000"}, "vượt quá giới hạn"),
    ({("main", "total", "c9"): "1"}, "“main/total/c9” không có trong biểu"),
    ({("main", "khac", "c1"): "1"}, "không có trong biểu"),
    ({("phu", "total", "c1"): "1"}, "không có trong biểu"),
    ({"main": "không phải bảng"}, "không đúng dạng"),
]


@pytest.mark.parametrize(("values", "message"), BAD)
def test_bad_values_name_the_cell_and_store_nothing(setup, values, message):
    report = setup.r17
    good = {("main", "total", "c2"): "3"}
    before = _snapshot(report)
    with pytest.raises(Exception) as caught:
        save_values(
            report,
            {**good, **values} if isinstance(next(iter(values)), tuple) else values,
            setup.xa11_bc,
            1,
            utcnow(),
        )
    _db.session.rollback()
    assert message in caught.value.message
    assert _snapshot(report) == before


def test_children_sections_are_not_typed_in(setup):
    report = report_of(setup.phong1, F17B, setup.period)
    bc = make_account(setup.phong1, "bc")
    with pytest.raises(CellErrors, match="lấy số liệu từ báo cáo của đơn vị cấp dưới"):
        save_values(report, {("II", "total", "c1"): "5"}, bc, 1, utcnow())
    assert save_values(report, {("I", "total", "c1"): "5"}, bc, 1, utcnow()) == 1


@pytest.mark.parametrize(
    ("who", "message"),
    [
        ("xa12_bc", "không có quyền"),
        ("phong1_ld", "Chỉ chuyên viên nhập số liệu"),
        ("admin", "Chỉ chuyên viên nhập số liệu"),
        ("xa21_bc", "không có quyền"),
    ],
)
def test_only_the_units_own_bc_may_save(setup, who, message):
    before = _snapshot(setup.r17)
    with pytest.raises(PermissionDenied, match=message):
        save_values(setup.r17, {("main", "total", "c1"): "1"}, getattr(setup, who), 1, utcnow())
    _db.session.rollback()
    assert _snapshot(setup.r17) == before


def test_closed_period_and_submitted_report_are_read_only(setup):
    setup.period.status = "closed"
    _db.session.commit()
    with pytest.raises(PermissionDenied, match="khóa sổ"):
        save_values(setup.r17, {("main", "total", "c1"): "1"}, setup.xa11_bc, 1, utcnow())
    setup.period.status = "open"
    setup.r17.status = "da_gui"
    _db.session.commit()
    with pytest.raises(PermissionDenied, match="Đang nhập"):
        save_values(setup.r17, {("main", "total", "c1"): "1"}, setup.xa11_bc, 2, utcnow())


def test_parent_bc_enters_for_a_unit_not_using_the_software(setup):
    setup.xa12.not_using_software = True
    phong_bc = make_account(setup.phong1, "bc")
    report = report_of(setup.xa12, F17A, setup.period)
    save_values(report, {("main", "total", "c1"): "4"}, phong_bc, 1, utcnow())
    _db.session.commit()
    event = _db.session.scalar(select(ReportEvent))
    assert event.acting_unit_id == setup.phong1.id and event.report_id == report.id
    # Not for a unit that uses the software itself.
    with pytest.raises(PermissionDenied):
        save_values(setup.r17, {("main", "total", "c1"): "4"}, phong_bc, 1, utcnow())


def test_html_in_the_note_is_stored_as_text(setup):
    note = '<script>alert("x")</script> & =HYPERLINK("http://x")'
    save_values(setup.r17, {}, setup.xa11_bc, 1, utcnow(), note=note)
    _db.session.commit()
    assert _db.session.get(Report, setup.r17.id).note == note
