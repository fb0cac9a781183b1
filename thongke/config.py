"""Configuration: defaults, then instance/config.py, then the environment, then tests."""

import os
import secrets
from datetime import timedelta

from thongke.passwords import OWASP_ARGON2


class Defaults:
    SQLALCHEMY_ENGINE_OPTIONS = {"pool_pre_ping": True}
    SESSION_COOKIE_HTTPONLY = True
    SESSION_COOKIE_SAMESITE = "Lax"
    SESSION_COOKIE_SECURE = False
    REMEMBER_COOKIE_HTTPONLY = True
    PERMANENT_SESSION_LIFETIME = timedelta(hours=8)
    WTF_CSRF_TIME_LIMIT = 8 * 3600
    MAX_CONTENT_LENGTH = 6 * 1024 * 1024
    BABEL_DEFAULT_LOCALE = "vi"
    BABEL_DEFAULT_TIMEZONE = "Asia/Ho_Chi_Minh"
    ARGON2_PARAMS = OWASP_ARGON2
    JINJA_STRICT_UNDEFINED = False
    PROXY_FIX_X_FOR = 0
    # CSV is left out so that long exports keep streaming as they are written.
    COMPRESS_MIMETYPES = [
        "text/html",
        "text/css",
        "text/javascript",
        "application/javascript",
        "application/json",
    ]


def normalize_database_url(url: str) -> str:
    """Point plain PostgreSQL URLs at the psycopg 3 driver that requirements.txt installs."""
    for prefix in ("postgres://", "postgresql://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix) :]
    return url


def _instance_secret(instance_path: str) -> str:
    # A key kept in instance/ survives restarts, so sessions do not end at each `make run`.
    path = os.path.join(instance_path, "secret_key")
    if not os.path.exists(path):
        with open(path, "w", encoding="utf-8") as handle:
            handle.write(secrets.token_hex(32))
        os.chmod(path, 0o600)
    with open(path, encoding="utf-8") as handle:
        return handle.read().strip()


def load_config(app, test_config=None) -> None:
    """Fill `app.config` from the layers named in this module's docstring."""
    os.makedirs(app.instance_path, exist_ok=True)
    app.config.from_object(Defaults)
    app.config["SQLALCHEMY_DATABASE_URI"] = "sqlite:///" + os.path.join(
        app.instance_path, "thongke.sqlite3"
    )
    app.config.from_pyfile("config.py", silent=True)
    if os.environ.get("DATABASE_URL"):
        app.config["SQLALCHEMY_DATABASE_URI"] = os.environ["DATABASE_URL"]
    if os.environ.get("SECRET_KEY"):
        app.config["SECRET_KEY"] = os.environ["SECRET_KEY"]
    if os.environ.get("SESSION_COOKIE_SECURE") == "1":
        app.config["SESSION_COOKIE_SECURE"] = True
    if test_config:
        app.config.update(test_config)
    app.config["SQLALCHEMY_DATABASE_URI"] = normalize_database_url(
        app.config["SQLALCHEMY_DATABASE_URI"]
    )
    if not app.config.get("SECRET_KEY"):
        app.config["SECRET_KEY"] = _instance_secret(app.instance_path)
