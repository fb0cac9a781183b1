"""Command-line tools: `flask seed-demo`."""

import json
from pathlib import Path

import click
from sqlalchemy import select

from thongke.catalog.model import CatalogError
from thongke.catalog.store import export_catalog, read_catalog_file, store_catalog
from thongke.clock import utcnow
from thongke.errors import DomainError
from thongke.extensions import db
from thongke.models import Unit
from thongke.seed import seed_demo


@click.command("seed-demo")
@click.option("--if-empty", is_flag=True, help="Chỉ tạo khi cơ sở dữ liệu chưa có đơn vị nào.")
def seed_demo_command(if_empty: bool) -> None:
    """Tạo dữ liệu mẫu tỉnh Hà Giang (chạy lại không tạo trùng)."""
    if if_empty and db.session.scalar(select(Unit.id).limit(1)) is not None:
        click.echo("Cơ sở dữ liệu đã có dữ liệu, bỏ qua việc tạo dữ liệu mẫu.")
        return
    summary = seed_demo(utcnow())
    db.session.commit()
    for line in summary.lines():
        click.echo(line)
    if summary.accounts:
        click.echo("Mật khẩu mặc định của mọi tài khoản: 123456aA@ (phải đổi ở lần đăng nhập đầu).")
        click.echo("Ví dụ: " + ", ".join(summary.accounts[:6]) + ", …")


@click.group("catalog")
def catalog_group() -> None:
    """Xuất, nhập danh mục biểu mẫu."""


@catalog_group.command("export")
@click.argument("path", type=click.Path(dir_okay=False, writable=True))
@click.option("--form", "codes", multiple=True, help="Chỉ xuất biểu này (có thể lặp lại).")
def catalog_export(path: str, codes: tuple[str, ...]) -> None:
    """Ghi danh mục biểu mẫu ra tệp JSON."""
    try:
        document = export_catalog(list(codes) or None)
    except CatalogError as error:
        raise click.ClickException(error.message) from error
    Path(path).write_text(
        json.dumps(document, ensure_ascii=False, indent=2) + "\n", encoding="utf-8"
    )
    click.echo(f"Đã xuất {len(document['forms'])} biểu mẫu ra {path}.")


@catalog_group.command("import")
@click.argument("path", type=click.Path(exists=True, dir_okay=False))
def catalog_import(path: str) -> None:
    """Nạp biểu mẫu từ tệp JSON; tệp sai thì không lưu gì."""
    try:
        written = store_catalog(read_catalog_file(path), now=utcnow())
    except CatalogError as error:
        db.session.rollback()
        raise click.ClickException(error.message) from error
    db.session.commit()
    click.echo(f"Đã nạp {len(written)} biểu mẫu: " + ", ".join(written) + ".")


@click.command("create-token")
@click.argument("username")
@click.option("--name", default="Dòng lệnh", help="Tên gợi nhớ của mã API.")
def create_token_command(username: str, name: str) -> None:
    """Tạo mã API cho một tài khoản và in ra (chỉ hiện một lần)."""
    from thongke.models import Account
    from thongke.tokens import create_token

    account = db.session.scalar(select(Account).where(Account.username == username.lower()))
    if account is None:
        raise click.ClickException(f"Không có tài khoản “{username}”.")
    try:
        _, raw = create_token(account, account, name, now=utcnow())
    except DomainError as error:
        db.session.rollback()
        raise click.ClickException(error.message) from error
    db.session.commit()
    if account.must_change_password:
        click.echo(
            "Lưu ý: tài khoản này chưa đổi mật khẩu mặc định nên mã sẽ bị từ chối cho đến khi đổi.",
            err=True,
        )
    click.echo(raw)


def register_commands(app) -> None:
    app.cli.add_command(create_token_command)
    app.cli.add_command(seed_demo_command)
    app.cli.add_command(catalog_group)
