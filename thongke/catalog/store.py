"""The catalog in the database: load, import, export and edit form definitions."""

from __future__ import annotations

import copy
import json
from datetime import datetime
from pathlib import Path

from sqlalchemy import distinct, select

from thongke.catalog.definition import parse_catalog, parse_form
from thongke.catalog.model import CatalogError, FormDef
from thongke.extensions import db
from thongke.models import Form, Report, ReportValue
from thongke.models.audit import record
from thongke.scope import require_admin

SEED_CATALOG = Path(__file__).with_name("forms.json")
_cache: dict[tuple[int, int], FormDef] = {}


def _raw_of(code: str) -> dict | None:
    form = db.session.scalar(select(Form).where(Form.code == code))
    return copy.deepcopy(form.definition) if form else None


def form_def(form: Form) -> FormDef:
    """Return the parsed definition of a stored form (cached per revision)."""
    key = (form.id, form.revision)
    if key not in _cache:
        _cache[key] = parse_form(copy.deepcopy(form.definition), _raw_of)
    return _cache[key]


def read_catalog_file(path) -> list:
    """Read forms from a JSON file: {"forms": [...]}, a list of forms, or one form."""
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError) as error:
        raise CatalogError(f"Không đọc được tệp {path}: {error}.") from error
    except json.JSONDecodeError as error:
        raise CatalogError(
            f"Tệp {path} không phải JSON hợp lệ (dòng {error.lineno}, "
            f"cột {error.colno}): {error.msg}."
        ) from error
    if isinstance(data, dict) and "forms" in data:
        return data["forms"]
    return data if isinstance(data, list) else [data]


def _cells_in_use(form: Form) -> set[tuple[str, str]]:
    rows = db.session.execute(
        select(distinct(ReportValue.section), ReportValue.column)
        .join(Report, Report.id == ReportValue.report_id)
        .where(Report.form_id == form.id)
    )
    return {(section, column) for section, column in rows}


def _check_keeps_data(form: Form, new: FormDef) -> None:
    kept = {(s.key, leaf.key) for s in new.sections if not s.from_children for leaf in s.leaves}
    lost = sorted(_cells_in_use(form) - kept)
    if lost:
        cells = ", ".join(f"{section}/{column}" for section, column in lost[:10])
        raise CatalogError(f"Biểu {form.code}: không được bỏ các cột đã có số liệu ({cells}).")


def _write(form: Form | None, parsed: FormDef, position: int, now: datetime) -> Form:
    if form is None:
        form = Form(code=parsed.code, position=position, revision=0)
        db.session.add(form)
    form.title = parsed.title
    form.filled_by = parsed.filled_by
    form.sent_to = parsed.sent_to
    form.definition = copy.deepcopy(parsed.raw)
    form.revision = (form.revision or 0) + 1
    form.updated_at = now
    return form


def store_catalog(
    raw_forms: list, *, now: datetime, only_missing: bool = False, by: str = "dòng lệnh"
) -> list[str]:
    """Check every form, then create or replace them; return the codes written.

    With `only_missing`, forms already stored are left as they are (the seed uses this so
    that an administrator's edits survive a second `seed-demo`).
    """
    existing = {f.code: f for f in db.session.scalars(select(Form))}
    parsed = parse_catalog(copy.deepcopy(raw_forms), _raw_of)
    for item in parsed:
        if item.code in existing and not only_missing:
            _check_keeps_data(existing[item.code], item)
    written, position = [], len(existing)
    for item in parsed:
        if item.code in existing and only_missing:
            continue
        position += 1
        _write(existing.get(item.code), item, position, now)
        written.append(item.code)
    if written:
        # The command line and the seed have no signed-in actor; the log still says what came.
        record(db.session, "catalog_imported", at=now, username=by, detail=", ".join(written))
    db.session.flush()
    return written


def export_catalog(codes: list[str] | None = None) -> dict:
    """Return the stored forms as a catalog document, in catalog order."""
    query = select(Form).order_by(Form.position, Form.id)
    if codes:
        query = query.where(Form.code.in_(codes))
    forms = list(db.session.scalars(query))
    missing = sorted(set(codes or []) - {f.code for f in forms})
    if missing:
        raise CatalogError("Không có biểu: " + ", ".join(missing) + ".")
    return {"forms": [copy.deepcopy(f.definition) for f in forms]}


def update_form(actor, form: Form, changes: dict, *, now: datetime) -> FormDef:
    """Change a form's title, field, circular, periods or rules after checking the result."""
    require_admin(actor)
    allowed = {"title", "field", "circular", "periods", "rules", "evidence"}
    unknown = set(changes) - allowed
    if unknown:
        raise CatalogError("Không được sửa: " + ", ".join(sorted(unknown)) + ".")
    raw = copy.deepcopy(form.definition)
    raw.update(copy.deepcopy(changes))
    parsed = parse_form(raw, _raw_of)
    _write(form, parsed, form.position, now)
    record(
        db.session,
        "form_updated",
        at=now,
        username=actor.username,
        actor=actor,
        detail=f"{form.code}: sửa " + ", ".join(sorted(changes)),
    )
    db.session.flush()
    return parsed
