"""Row-level scope and admin-only writes shared by every admin view.

Scope is applied in `get_query`, `get_count_query` and `get_one` together, in the choices of
related-record fields (`scoped_relations`) and in filter options; every write (create, edit,
delete, actions, inline edits) is for administrators only and goes through domain operations.
"""

from flask import abort, flash, redirect, request, url_for
from flask_admin import AdminIndexView, expose
from flask_admin.contrib.sqla import ModelView
from flask_login import current_user
from sqlalchemy import false

from thongke.errors import DomainError, PermissionDenied
from thongke.extensions import db

WRITE_VIEWS = frozenset(
    {"create_view", "edit_view", "delete_view", "action_view", "ajax_update", "return_view"}
)


def _signed_in() -> bool:
    return current_user.is_authenticated and not current_user.must_change_password


def _to_login():
    if not current_user.is_authenticated:
        return redirect(url_for("auth.login", next=request.full_path))
    return abort(403)


class HomeIndexView(AdminIndexView):
    def is_accessible(self) -> bool:
        return _signed_in()

    def inaccessible_callback(self, name, **kwargs):
        return _to_login()

    @expose("/")
    def index(self):
        return self.render("admin/index.html")


class ScopedModelView(ModelView):
    """A model view whose rows are limited by `scope_condition` for the signed-in user."""

    can_view_details = True
    can_delete = False
    page_size = 50
    can_set_page_size = True
    # Relationship fields whose choices must be limited to the user's scope: name -> query maker.
    scoped_relations: dict = {}
    # Views only administrators may open; a view whose actions are for every role narrows it.
    admin_only_views = WRITE_VIEWS

    @property
    def can_create(self) -> bool:
        return _signed_in() and current_user.is_admin

    @property
    def can_edit(self) -> bool:
        return _signed_in() and current_user.is_admin

    def is_accessible(self) -> bool:
        return _signed_in()

    def inaccessible_callback(self, name, **kwargs):
        return _to_login()

    def _handle_view(self, name, **kwargs):
        response = super()._handle_view(name, **kwargs)
        if response is not None:
            return response
        if name in self.admin_only_views and not current_user.is_admin:
            abort(403)
        return None

    # --- scope ---------------------------------------------------------------------------
    def scope_condition(self):
        """Return the SQL condition on rows the user may see; a view that forgets shows none."""
        return false()

    def get_query(self):
        return super().get_query().filter(self.scope_condition())

    def get_count_query(self):
        return super().get_count_query().filter(self.scope_condition())

    def get_one_or_none(self, id):
        try:
            key = int(id)
        except (TypeError, ValueError):
            return None
        if not 0 < key < 2**31:  # ids are 32-bit; larger numbers cannot name a row
            return None
        return self.get_query().filter(self.model.id == key).one_or_none()

    def get_one(self, id):
        record = self.get_one_or_none(id)
        if record is None:
            abort(404)
        return record

    def _scope_form(self, form):
        for name, make_query in self.scoped_relations.items():
            if hasattr(form, name):
                getattr(form, name).query_factory = make_query
        return form

    def create_form(self, obj=None):
        return self._scope_form(super().create_form(obj))

    def edit_form(self, obj=None):
        return self._scope_form(super().edit_form(obj))

    def _get_filter_groups(self):
        # Flask-Admin computes filter options once at start-up; options that depend on the
        # signed-in user are recomputed here for each request.
        groups = super()._get_filter_groups()
        if not groups:
            return groups
        for index, flt in enumerate(self._filters):
            if not callable(flt.options):
                continue
            options = [(str(k), str(v)) for k, v in flt.options()]
            for item in groups[str(flt.name)]:
                if item["index"] == index:
                    item["options"] = options
        return groups

    def _export_csv(self, return_url):
        response = super()._export_csv(return_url)
        # Flask-Admin streams the CSV after the request's session has closed, where names of
        # related records can no longer load; build it now instead.
        response.get_data()
        return response

    # --- writes through domain operations ------------------------------------------------
    def create_record(self, form):
        """Create the record through its domain operation; read-only views refuse."""
        raise PermissionDenied("Danh mục này chỉ để xem.")

    def update_record(self, form, model) -> None:
        """Save the form through the domain operation; read-only views refuse."""
        raise PermissionDenied("Danh mục này chỉ để xem.")

    def _report(self, form, error: DomainError) -> None:
        db.session.rollback()
        field = getattr(error, "field", None)
        if field and hasattr(form, field):
            getattr(form, field).errors = [*getattr(form, field).errors, error.message]
        flash(error.message, "error")

    def create_model(self, form):
        try:
            model = self.create_record(form)
            db.session.commit()
        except DomainError as error:
            self._report(form, error)
            return False
        return model

    def update_model(self, form, model):
        try:
            self.update_record(form, model)
            db.session.commit()
        except DomainError as error:
            self._report(form, error)
            return False
        return True

    def run_action(self, ids, operation, done_message: str):
        """Apply `operation(record)` to each selected record in scope, each on its own."""
        results = []
        for id_ in ids:
            record = self.get_one_or_none(id_)
            if record is None:
                results.append(f"#{id_}: không có hoặc ngoài phạm vi")
                continue
            try:
                operation(record)
                db.session.commit()
                results.append(f"{record}: {done_message}")
            except DomainError as error:
                db.session.rollback()
                results.append(f"{record}: {error.message}")
        flash("; ".join(results) or "Chưa chọn bản ghi nào.", "info")
