"""Sign-in, sign-out and password change pages."""

from flask import Blueprint, abort, flash, redirect, render_template, request, session, url_for
from flask_login import current_user, login_required, login_user, logout_user
from sqlalchemy import select

from forms.auth import ChangePasswordForm, LoginForm
from thongke.auth import authenticate, change_password, record_logout
from thongke.clock import utcnow
from thongke.errors import DomainError, ValidationFailed
from thongke.extensions import db
from thongke.models import ApiToken
from thongke.passwords import MIN_LENGTH
from thongke.tokens import create_token, revoke_token
from thongke.views.security import client_ip, row_id, safe_next

bp = Blueprint("auth", __name__)


@bp.route("/login", methods=["GET", "POST"])
def login():
    if current_user.is_authenticated:
        return redirect(url_for("home.index"))
    form = LoginForm()
    if request.method == "GET":
        form.next.data = safe_next(request.args.get("next")) or ""
        return render_template("auth/login.html", form=form)
    if not form.validate():
        return render_template("auth/login.html", form=form), 400
    outcome = authenticate(form.username.data, form.password.data, ip=client_ip(), now=utcnow())
    db.session.commit()
    if not outcome.ok:
        flash(outcome.message, "danger")
        return render_template("auth/login.html", form=form), 401
    session.clear()  # a fresh session on sign-in, so no earlier session id can be reused
    login_user(outcome.account)
    if outcome.account.must_change_password:
        flash(
            "Đây là lần đăng nhập đầu hoặc mật khẩu vừa được đặt lại: hãy đổi mật khẩu để "
            "tiếp tục.",
            "warning",
        )
        return redirect(url_for("auth.change_password"))
    return redirect(safe_next(form.next.data) or url_for("home.index"))


@bp.route("/logout", methods=["POST"])
@login_required
def logout():
    record_logout(current_user._get_current_object(), ip=client_ip(), now=utcnow())
    db.session.commit()
    logout_user()
    session.clear()
    flash("Bạn đã đăng xuất.", "info")
    return redirect(url_for("auth.login"))


@bp.route("/password", methods=["GET", "POST"], endpoint="change_password")
@login_required
def change_password_view():
    form = ChangePasswordForm()
    status = 200
    if request.method == "POST":
        status = 400
        if form.validate():
            account = current_user._get_current_object()
            try:
                change_password(
                    account,
                    form.current_password.data,
                    form.new_password.data,
                    form.confirm.data,
                    ip=client_ip(),
                    now=utcnow(),
                )
            except ValidationFailed as error:
                db.session.rollback()
                getattr(form, error.field or "new_password").errors.append(error.message)
            else:
                db.session.commit()
                login_user(account)  # the session token changed with the password
                flash("Đã đổi mật khẩu. Từ nay hãy đăng nhập bằng mật khẩu mới.", "success")
                return redirect(url_for("home.index"))
    return render_template("auth/change_password.html", form=form, min_length=MIN_LENGTH), status


@bp.route("/profile", methods=["GET", "POST"])
@login_required
def profile():
    """My account, and my API tokens: make one (shown once) or revoke one."""
    account = current_user._get_current_object()
    new_token = None
    if request.method == "POST":
        try:
            if request.form.get("revoke"):
                token = db.session.get(ApiToken, row_id(request.form.get("revoke")) or 0)
                if token is None or token.account_id != account.id:
                    abort(404)
                revoke_token(account, token, now=utcnow())
                flash(f"Đã thu hồi mã “{token.name}”.", "success")
            else:
                _, new_token = create_token(
                    account, account, request.form.get("name", ""), now=utcnow()
                )
        except DomainError as error:
            db.session.rollback()
            flash(error.message, "danger")
        else:
            db.session.commit()
    tokens = db.session.scalars(
        select(ApiToken)
        .where(ApiToken.account_id == account.id)
        .order_by(ApiToken.created_at.desc())
    ).all()
    return render_template("auth/profile.html", tokens=tokens, new_token=new_token)
