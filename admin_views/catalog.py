"""The forms catalog in the admin panel: everyone browses, administrators edit."""

from flask import request
from flask_admin.contrib.sqla.filters import FilterEqual
from flask_login import current_user
from markupsafe import Markup, escape
from sqlalchemy import true
from wtforms import SelectMultipleField, StringField, TextAreaField, widgets

from admin_views.base import ScopedModelView
from forms.admin import BaseForm
from thongke.catalog.grid import header_rows
from thongke.catalog.model import PERIOD_KINDS, SEVERITIES, CatalogError
from thongke.catalog.store import form_def, update_form
from thongke.clock import utcnow
from thongke.models import LEVELS
from thongke.models.catalog import Form

LEVEL_NAMES = {**LEVELS, "bo": "Bộ Tư pháp"}
SEVERITY_WORDS = {"lỗi": "error", "cảnh báo": "warning", "error": "error", "warning": "warning"}


def rules_to_text(rules: list) -> str:
    """Write rules one per line: mức | điều kiện | thông báo."""
    return "\n".join(
        f"{SEVERITIES[r['severity']].lower()} | {r['check']} | {r['message']}" for r in rules
    )


def rules_from_text(text: str) -> list[dict]:
    """Read the rules text area back; a malformed line is refused with its number."""
    rules = []
    for number, line in enumerate((text or "").splitlines(), start=1):
        if not line.strip():
            continue
        parts = [p.strip() for p in line.split("|")]
        if len(parts) != 3 or parts[0].lower() not in SEVERITY_WORDS:
            raise CatalogError(
                f"Dòng quy tắc {number}: cần dạng “lỗi | điều kiện | thông báo” "
                "hoặc “cảnh báo | điều kiện | thông báo”."
            )
        rules.append(
            {"check": parts[1], "severity": SEVERITY_WORDS[parts[0].lower()], "message": parts[2]}
        )
    return rules


class CatalogForm(BaseForm):
    title = TextAreaField("Tên biểu", render_kw={"rows": 2})
    field = StringField("Lĩnh vực")
    circular = StringField("Ban hành theo")
    periods = SelectMultipleField(
        "Kỳ báo cáo",
        choices=list(PERIOD_KINDS.items()),
        option_widget=widgets.CheckboxInput(),
        widget=widgets.ListWidget(prefix_label=False),
    )
    rules = TextAreaField(
        "Quy tắc kiểm tra (mỗi dòng: mức | điều kiện | thông báo)",
        render_kw={"rows": 8, "class": "text-monospace"},
    )


def _preview(view, context, model, name):
    definition = form_def(model)
    parts = []
    for section in definition.sections:
        rows = header_rows(section)
        html = ['<table class="table table-bordered table-sm report-grid"><thead>']
        if section.title:
            html.insert(0, f"<p><strong>{escape(section.title)}</strong></p>")
        for index, row in enumerate(rows):
            html.append("<tr>")
            if index == 0:
                html.append(f'<th rowspan="{len(rows)}">Chỉ tiêu</th>')
            for cell in row:
                html.append(
                    f'<th colspan="{cell.colspan}" rowspan="{cell.rowspan}">'
                    f"{escape(cell.label)}</th>"
                )
            html.append("</tr>")
        html.append(
            "<tr><th>A</th>"
            + "".join(f"<th>{escape(leaf.code)}</th>" for leaf in section.leaves)
            + "</tr></thead>"
        )
        labels = (
            [r.label for r in section.rows]
            if not section.from_children
            else ["(mỗi đơn vị cấp dưới một dòng)", section.from_children.total_label]
        )
        for label in labels:
            html.append(
                f"<tr><th>{escape(label)}</th>" + "<td></td>" * len(section.leaves) + "</tr>"
            )
        html.append("</table>")
        parts.append("".join(html))
    return Markup("".join(parts))


class CatalogView(ScopedModelView):
    form = CatalogForm
    column_list = ("code", "title", "filled_by", "sent_to", "periods")
    column_details_list = (
        "code",
        "title",
        "field",
        "circular",
        "filled_by",
        "sent_to",
        "periods",
        "rules",
        "preview",
    )
    column_labels = {
        "code": "Mã biểu",
        "title": "Tên biểu",
        "filled_by": "Đơn vị nhập",
        "sent_to": "Gửi đến",
        "periods": "Kỳ báo cáo",
        "field": "Lĩnh vực",
        "circular": "Ban hành theo",
        "rules": "Quy tắc kiểm tra",
        "preview": "Xem trước biểu",
    }
    column_searchable_list = ("code", "title")
    column_default_sort = "position"
    column_filters = (FilterEqual(Form.filled_by, "Đơn vị nhập", options=tuple(LEVELS.items())),)
    column_formatters = {
        "filled_by": lambda v, c, m, n: LEVEL_NAMES.get(m.filled_by, m.filled_by),
        "sent_to": lambda v, c, m, n: LEVEL_NAMES.get(m.sent_to, m.sent_to),
        "periods": lambda v, c, m, n: ", ".join(m.definition.get("periods", [])),
        "field": lambda v, c, m, n: m.definition.get("field", ""),
        "circular": lambda v, c, m, n: m.definition.get("circular", ""),
        "rules": lambda v, c, m, n: Markup(
            "<br>".join(
                escape(line) for line in rules_to_text(m.definition.get("rules", [])).splitlines()
            )
        ),
        "preview": _preview,
    }

    @property
    def can_create(self) -> bool:
        return False  # new forms arrive as catalog files: `flask catalog import`

    def scope_condition(self):
        return true()  # the catalog is public to every signed-in user

    def edit_form(self, obj=None):
        form = super().edit_form(obj)
        if obj is not None and request.method == "GET":
            definition = obj.definition
            form.title.data = definition.get("title", "")
            form.field.data = definition.get("field", "")
            form.circular.data = definition.get("circular", "")
            form.periods.data = definition.get("periods", [])
            form.rules.data = rules_to_text(definition.get("rules", []))
        return form

    def update_record(self, form, model) -> None:
        changes = {
            "title": form.title.data,
            "field": form.field.data,
            "circular": form.circular.data,
            "periods": form.periods.data,
            "rules": rules_from_text(form.rules.data),
        }
        update_form(current_user, model, changes, now=utcnow())
