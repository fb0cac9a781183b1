"""The home page: who you are and what you may open."""

from flask import Blueprint, render_template
from flask_login import current_user, login_required
from sqlalchemy import func, select

from thongke.extensions import db
from thongke.models import Unit
from thongke.models.unit import subtree_ids

bp = Blueprint("home", __name__)


@bp.route("/")
@login_required
def index():
    unit = current_user.unit
    # Count what lies below the user's unit, by level, for the overview.
    below = db.session.execute(
        select(Unit.level, func.count())
        .where(Unit.id.in_(subtree_ids(unit)), Unit.id != unit.id, Unit.active)
        .group_by(Unit.level)
    ).all()
    return render_template("home/index.html", unit=unit, below=dict(below))
