"""Thống kê Tư pháp: the application factory."""

import os

from flask import Flask
from werkzeug.middleware.proxy_fix import ProxyFix

from thongke import passwords
from thongke.config import load_config
from thongke.extensions import babel, compress, csrf, db, login_manager, migrate

PROJECT_ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def create_app(test_config=None) -> Flask:
    """Build the application; `test_config` overrides every other setting."""
    app = Flask(
        __name__,
        instance_relative_config=True,
        instance_path=os.path.join(PROJECT_ROOT, "instance"),
        template_folder=os.path.join(PROJECT_ROOT, "templates"),
    )
    load_config(app, test_config)
    register_extensions(app)
    register_security(app)
    register_blueprints(app)
    register_admin(app)
    register_error_handlers(app)
    register_template_helpers(app)
    register_assets(app)
    register_cli(app)
    return app


def register_extensions(app: Flask) -> None:
    db.init_app(app)
    # Batch mode lets later migrations alter tables on SQLite too.
    migrate.init_app(
        app, db, directory=os.path.join(PROJECT_ROOT, "migrations"), render_as_batch=True
    )
    csrf.init_app(app)
    babel.init_app(app, locale_selector=lambda: "vi", timezone_selector=lambda: "Asia/Ho_Chi_Minh")
    passwords.init_app(app)
    if app.config["PROXY_FIX_X_FOR"]:
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=app.config["PROXY_FIX_X_FOR"])


def register_security(app: Flask) -> None:
    from thongke.views.security import init_security

    init_security(app, login_manager)


def register_blueprints(app: Flask) -> None:
    from thongke.views.auth import bp as auth_bp
    from thongke.views.entry import bp as entry_bp
    from thongke.views.home import bp as home_bp

    app.register_blueprint(auth_bp)
    app.register_blueprint(home_bp)
    app.register_blueprint(entry_bp)
    from thongke.views.exports import bp as exports_bp

    app.register_blueprint(exports_bp)
    from thongke.api import register as register_api

    register_api(app)


def register_admin(app: Flask) -> None:
    from admin_views import build_admin

    build_admin(app)


def register_error_handlers(app: Flask) -> None:
    from thongke.views.errors import register

    register(app)


def register_template_helpers(app: Flask) -> None:
    from thongke.views.filters import ComparableStrictUndefined, register

    register(app)
    if app.config["JINJA_STRICT_UNDEFINED"]:
        app.jinja_env.undefined = ComparableStrictUndefined


def register_assets(app: Flask) -> None:
    """Compress responses and let browsers keep static files: users' links are often slow."""
    from thongke.views.assets import register

    compress.init_app(app)
    register(app)


def register_cli(app: Flask) -> None:
    from thongke.cli import register_commands

    register_commands(app)
