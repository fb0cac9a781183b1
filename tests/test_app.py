"""The application factory and its configuration."""

import os

import pytest
from jinja2 import StrictUndefined, UndefinedError

from thongke import create_app
from thongke.config import normalize_database_url


def test_factory_builds_separate_apps(tmp_path):
    url = f"sqlite:///{tmp_path}/a.sqlite3"
    first = create_app({"TESTING": True, "SQLALCHEMY_DATABASE_URI": url, "SECRET_KEY": "x"})
    second = create_app({"TESTING": True, "SQLALCHEMY_DATABASE_URI": url, "SECRET_KEY": "x"})
    assert first is not second
    assert first.config["TESTING"]
    assert "admin" in first.blueprints and "admin" in second.blueprints


def test_defaults_store_sqlite_in_instance_folder(monkeypatch):
    monkeypatch.delenv("DATABASE_URL", raising=False)
    app = create_app({"SECRET_KEY": "x"})
    assert app.config["SQLALCHEMY_DATABASE_URI"] == "sqlite:///" + os.path.join(
        app.instance_path, "thongke.sqlite3"
    )
    assert app.instance_path.endswith("instance")


def test_database_url_from_environment(monkeypatch):
    monkeypatch.setenv("DATABASE_URL", "postgresql://u@h/db")
    app = create_app({"SECRET_KEY": "x"})
    assert app.config["SQLALCHEMY_DATABASE_URI"] == "postgresql+psycopg://u@h/db"


def test_normalize_database_url_keeps_other_urls():
    assert normalize_database_url("sqlite:///x") == "sqlite:///x"
    assert normalize_database_url("postgres://a/b") == "postgresql+psycopg://a/b"


def test_cookie_settings(app):
    assert app.config["SESSION_COOKIE_HTTPONLY"] is True
    assert app.config["SESSION_COOKIE_SAMESITE"] == "Lax"


def test_tests_run_with_strict_templates(app):
    assert issubclass(app.jinja_env.undefined, StrictUndefined)
    with pytest.raises(UndefinedError):
        app.jinja_env.from_string("{{ missing }}").render()
    assert app.config["FLASK_ADMIN_RAISE_ON_VIEW_EXCEPTION"] is True


def test_schema_matches_models(app, db):
    """Migrations build exactly the schema the models declare."""
    from alembic.autogenerate import compare_metadata
    from alembic.migration import MigrationContext

    with db.engine.connect() as conn:
        context = MigrationContext.configure(conn)
        assert compare_metadata(context, db.metadata) == []
