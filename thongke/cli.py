"""Command-line tools: `flask seed-demo`."""

import click
from sqlalchemy import select

from thongke.clock import utcnow
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


def register_commands(app) -> None:
    app.cli.add_command(seed_demo_command)
