"""Catalog definitions: checks that refuse a bad definition whole, storage, CLI round trip."""

import copy
import json

import pytest
from sqlalchemy import func, select

from thongke.catalog.definition import parse_catalog
from thongke.catalog.model import CatalogError
from thongke.catalog.store import SEED_CATALOG, export_catalog, store_catalog, update_form
from thongke.clock import utcnow
from thongke.models import AuditEvent, Form

SEED = json.loads(SEED_CATALOG.read_text(encoding="utf-8"))["forms"]


def _form(code):
    return copy.deepcopy(next(f for f in SEED if f["code"] == code))


def test_seed_catalog_parses():
    forms = {f.code: f for f in parse_catalog(copy.deepcopy(SEED))}
    assert len(forms) == 8
    assert [len(s.leaves) for s in forms["13a/BTP/HTQTCT/HT"].sections] == [22]
    # columns_like copies the source columns and takes figures from the same keys.
    b12 = forms["12b/BTP/BTTP/CC"].sections[0]
    assert [leaf.key for leaf in b12.leaves] == [f"c{i}" for i in range(1, 12)]
    assert all(leaf.source == leaf.key for leaf in b12.leaves)
    assert forms["13a/BTP/HTQTCT/HT"].sections[0].leaf("c20").weighted_by == "c19"
    assert forms["13a/BTP/HTQTCT/HT"].sections[0].leaf("c20").decimal


def _break(mutate, code="13a/BTP/HTQTCT/HT"):
    forms = copy.deepcopy(SEED)
    form = next(f for f in forms if f["code"] == code)
    mutate(form)
    return forms


def _leaf(form, key):
    def walk(nodes):
        for node in nodes:
            if node.get("key") == key:
                return node
            found = walk(node.get("children", []))
            if found:
                return found
        return None

    return walk(form["sections"][0]["columns"])


BROKEN = [
    ("duplicate column key", lambda f: _leaf(f, "c2").update(key="c1"), "khóa cột bị trùng"),
    (
        "rule names unknown key",
        lambda f: f["rules"].append({"check": "c99 == 0", "severity": "error", "message": "x"}),
        "c99",
    ),
    (
        "rule does not parse",
        lambda f: f["rules"].append({"check": "c1 ==", "severity": "error", "message": "x"}),
        "thiếu phần cuối",
    ),
    (
        "bad severity",
        lambda f: f["rules"].append({"check": "c1 == 0", "severity": "fatal", "message": "x"}),
        "fatal",
    ),
    ("bad level", lambda f: f.update(filled_by="thon"), "thon"),
    ("bad period", lambda f: f.update(periods=["QUY"]), "kỳ báo cáo"),
    ("no sections", lambda f: f.update(sections=[]), "ít nhất một phần"),
    (
        "weighted by unknown",
        lambda f: _leaf(f, "c20").update(aggregate={"weighted_average_by": "c77"}),
        "c77",
    ),
    ("bad column type", lambda f: _leaf(f, "c1").update(type="text"), "text"),
    (
        "leaf with children",
        lambda f: _leaf(f, "c1").update(children=[{"label": "x"}]),
        "không được có cột con",
    ),
    ("empty label", lambda f: _leaf(f, "c1").update(label=""), "nhãn cột"),
]


@pytest.mark.parametrize(("name", "mutate", "message"), BROKEN, ids=[b[0] for b in BROKEN])
def test_broken_definitions_are_refused_with_a_message(name, mutate, message):
    with pytest.raises(CatalogError) as caught:
        parse_catalog(_break(mutate))
    assert message in caught.value.message
    assert "13a/BTP/HTQTCT/HT" in caught.value.message


@pytest.mark.parametrize(
    ("code", "mutate", "message"),
    [
        (
            "17b/BTP/HTQTCT/CT",
            lambda f: f["sections"][1]["rows_from_children"].update(form="99z/KHONG/CO"),
            "99z/KHONG/CO",
        ),
        (
            "17b/BTP/HTQTCT/CT",
            lambda f: f["sections"][1]["rows_from_children"].update(section="zz"),
            "“zz”",
        ),
        (
            "17b/BTP/HTQTCT/CT",
            lambda f: f["sections"][1]["columns"][0].update({"from": "c9"}),
            "“from”",
        ),
        (
            "13b/BTP/HTQTCT/HT",
            lambda f: f["sections"][0]["columns_like"].update(section="khong"),
            "“khong”",
        ),
        (
            "12b/BTP/BTTP/CC",
            lambda f: f["sections"][0].update(columns=[]),
            "“columns” hoặc “columns_like”",
        ),
    ],
)
def test_cross_references_are_checked(code, mutate, message):
    with pytest.raises(CatalogError) as caught:
        parse_catalog(_break(mutate, code))
    assert message in caught.value.message


def test_duplicate_codes_in_one_file():
    with pytest.raises(CatalogError, match="trùng"):
        parse_catalog([_form("17a/BTP/HTQTCT/CT"), _form("17a/BTP/HTQTCT/CT")])


def test_a_bad_file_stores_nothing(db):
    forms = _break(lambda f: _leaf(f, "c2").update(key="c1"))
    with pytest.raises(CatalogError):
        store_catalog(forms, now=utcnow())
    db.session.rollback()
    assert db.session.scalar(select(func.count()).select_from(Form)) == 0


def test_store_and_export_round_trip(db):
    store_catalog(copy.deepcopy(SEED), now=utcnow())
    db.session.commit()
    assert export_catalog()["forms"] == SEED
    assert export_catalog(["17a/BTP/HTQTCT/CT"])["forms"] == [_form("17a/BTP/HTQTCT/CT")]
    with pytest.raises(CatalogError, match="Không có biểu"):
        export_catalog(["khong/co"])


def test_cli_export_then_import(app, db, tmp_path):
    store_catalog(copy.deepcopy(SEED), now=utcnow())
    db.session.commit()
    runner = app.test_cli_runner()
    path = tmp_path / "catalog.json"
    result = runner.invoke(args=["catalog", "export", str(path)])
    assert "Đã xuất 8 biểu mẫu" in result.output
    exported = json.loads(path.read_text(encoding="utf-8"))
    exported["forms"][0]["title"] = "Tên mới của biểu 17a"
    path.write_text(json.dumps(exported, ensure_ascii=False), encoding="utf-8")
    result = runner.invoke(args=["catalog", "import", str(path)])
    assert result.exit_code == 0 and "Đã nạp 8 biểu mẫu" in result.output
    db.session.expire_all()
    form = db.session.scalar(select(Form).where(Form.code == "17a/BTP/HTQTCT/CT"))
    assert form.title == "Tên mới của biểu 17a" and form.revision == 2
    imports = db.session.scalars(
        select(AuditEvent).where(AuditEvent.event == "catalog_imported")
    ).all()
    assert [e.username for e in imports] == ["dòng lệnh", "dòng lệnh"]


def test_cli_import_refuses_a_bad_file_whole(app, db, tmp_path):
    path = tmp_path / "bad.json"
    path.write_text(json.dumps({"forms": _break(lambda f: f.update(periods=[]))}), encoding="utf-8")
    result = app.test_cli_runner().invoke(args=["catalog", "import", str(path)])
    assert result.exit_code != 0 and "13a/BTP/HTQTCT/HT" in result.output
    (tmp_path / "notjson.json").write_text("{khong phai json", encoding="utf-8")
    result = app.test_cli_runner().invoke(
        args=["catalog", "import", str(tmp_path / "notjson.json")]
    )
    assert result.exit_code != 0 and "không phải JSON hợp lệ" in result.output
    db.session.expire_all()
    assert db.session.scalar(select(func.count()).select_from(Form)) == 0


def test_update_form_checks_the_new_rules(db):
    from tests.builders import make_account, make_unit

    so = make_unit("Sở Tư pháp tỉnh Thử", "so", code="sotuphap_tt")
    admin = make_account(so, "bc", username="sotuphap_tt_qt", is_admin=True)
    store_catalog(copy.deepcopy(SEED), now=utcnow())
    form = db.session.scalar(select(Form).where(Form.code == "17a/BTP/HTQTCT/CT"))
    parsed = update_form(
        admin,
        form,
        {"rules": [{"check": "c2 <= c1", "severity": "warning", "message": "Lạ"}]},
        now=utcnow(),
    )
    assert parsed.rules[0].message == "Lạ"
    with pytest.raises(CatalogError, match="c9"):
        update_form(
            admin,
            form,
            {"rules": [{"check": "c9 <= c1", "severity": "warning", "message": "x"}]},
            now=utcnow(),
        )
