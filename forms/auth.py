"""Sign-in and password forms."""

from flask_wtf import FlaskForm
from wtforms import HiddenField, PasswordField, StringField
from wtforms.validators import DataRequired, Length, Regexp

from forms.i18n import VIETNAMESE
from thongke.passwords import MAX_LENGTH


class VietnameseForm(FlaskForm):
    """A Flask-WTF form whose built-in messages are in Vietnamese."""

    class Meta:
        def get_translations(self, form):
            return VIETNAMESE


class LoginForm(VietnameseForm):
    username = StringField(
        "Tên đăng nhập",
        validators=[
            DataRequired("Hãy nhập tên đăng nhập."),
            Length(max=150, message="Tên đăng nhập dài tối đa 150 ký tự."),
            Regexp(
                r"^\s*[A-Za-z0-9_.-]+\s*$",
                message="Tên đăng nhập chỉ gồm chữ cái không dấu, chữ số, dấu gạch dưới (_), "
                "dấu chấm hoặc gạch ngang.",
            ),
        ],
        render_kw={"autocomplete": "username", "autofocus": True},
    )
    password = PasswordField(
        "Mật khẩu",
        validators=[
            DataRequired("Hãy nhập mật khẩu."),
            Length(max=MAX_LENGTH, message=f"Mật khẩu dài tối đa {MAX_LENGTH} ký tự."),
        ],
        render_kw={"autocomplete": "current-password"},
    )
    next = HiddenField()


class ChangePasswordForm(VietnameseForm):
    current_password = PasswordField(
        "Mật khẩu hiện tại",
        validators=[DataRequired("Hãy nhập mật khẩu hiện tại."), Length(max=MAX_LENGTH)],
        render_kw={"autocomplete": "current-password", "autofocus": True},
    )
    new_password = PasswordField(
        "Mật khẩu mới",
        validators=[DataRequired("Hãy nhập mật khẩu mới."), Length(max=MAX_LENGTH)],
        render_kw={"autocomplete": "new-password"},
    )
    confirm = PasswordField(
        "Nhập lại mật khẩu mới",
        validators=[DataRequired("Hãy nhập lại mật khẩu mới."), Length(max=MAX_LENGTH)],
        render_kw={"autocomplete": "new-password"},
    )
