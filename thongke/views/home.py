"""The home page by role, and the progress board of the children."""

from flask import Blueprint, abort, render_template, request
from flask_login import current_user, login_required
from sqlalchemy import select

from thongke.clock import to_local, utcnow
from thongke.extensions import db
from thongke.models import Period, Unit
from thongke.progress import children_summary, my_tasks, open_periods, progress_board, timing
from thongke.scope import can_see_unit
from thongke.views.security import row_id

bp = Blueprint("home", __name__)


def _today():
    return to_local(utcnow()).date()


@bp.route("/")
@login_required
def index():
    today = _today()
    return render_template(
        "home/index.html",
        unit=current_user.unit,
        tasks=my_tasks(current_user),
        periods=open_periods(current_user, today),
        summary=children_summary(current_user, today),
        timing=timing,
        today=today,
    )


@bp.route("/progress/")
@login_required
def progress():
    """Children × forms × status for a period, with drill-down into a child's own children."""
    for name in ("period", "unit"):
        if name in request.args and row_id(request.args[name]) is None:
            abort(404)
    periods = list(db.session.scalars(select(Period).order_by(Period.year.desc(), Period.kind)))
    if not periods:
        return render_template("home/progress.html", board=None, periods=[], timing=timing)
    period = db.session.get(Period, row_id(request.args.get("period")) or periods[0].id)
    unit = db.session.get(Unit, row_id(request.args.get("unit")) or current_user.unit_id)
    if period is None or unit is None or not can_see_unit(current_user, unit):
        abort(404)
    board = progress_board(period, unit, _today())
    return render_template("home/progress.html", board=board, periods=periods, timing=timing)
