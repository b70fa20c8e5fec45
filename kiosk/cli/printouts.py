"""`langso print …`: PDFs of shop cards, heritage posters, guide handouts, link and Wi-Fi posters.

Every command reads the data directory's database (the shop cards can also come from a CSV) and
writes the PDF atomically; bad input exits 2 with every problem listed, and no file is written.
"""

from __future__ import annotations

from pathlib import Path

import click
from flask import current_app
from flask.cli import with_appcontext

from kiosk import atomic, db, printing
from kiosk.cli.errors import UserError
from kiosk.cli.vietnamese import CommandGroup, OneLineCommand
from kiosk.packs.shops_csv import decode, parse_csv
from kiosk.problems import Report, in_order
from kiosk.store import guides as guide_store
from kiosk.store import settings as setting_store
from printables import FontError, LayoutError
from qr.vietqr import PayloadError

OUT = click.option("--out", "out", required=True, type=click.Path(dir_okay=False, path_type=Path),
                   help="Tệp PDF sẽ ghi.")


def _connect():
    return db.connect(Path(current_app.config["DATA"]) / db.DB_NAME)


def _write(out: Path, build) -> None:
    """Build the PDF and write it; library errors become one line and exit code 2."""
    try:
        pdf = build()
    except (LayoutError, PayloadError, printing.PrintError, FontError) as exc:
        raise UserError(str(exc)) from exc
    try:
        atomic.write_bytes(out, pdf)
    except OSError as exc:
        raise UserError(f"không ghi được {out}: {exc.strerror or exc}") from exc
    click.echo(f"Đã ghi {out} ({len(pdf) // 1024} KB)")


@click.group("print", cls=CommandGroup)
def print_group() -> None:
    """In PDF: thẻ thanh toán, áp phích di tích, tờ hướng dẫn, Wi-Fi, đường link."""


@print_group.command("shop-cards", cls=OneLineCommand)
@click.option("--all", "all_shops", is_flag=True, help="Mọi cửa hàng trong cơ sở dữ liệu.")
@click.option("--code", "codes", multiple=True, metavar="CODE", help="Mã một cửa hàng (dùng nhiều lần được).")
@click.option("--csv", "csv_file", type=click.Path(exists=True, dir_okay=False, path_type=Path),
              help="Cửa hàng từ bảng tính lưu dạng CSV (các cột như trong README).")
@click.option("--include-demo", is_flag=True,
              help="Với --all: in cả cửa hàng mẫu (mặc định bỏ qua).")
@click.option("--layout", type=click.Choice(["a6x4", "a5-tent"]), default="a6x4",
              help="a6x4: bốn thẻ A6 trên một tờ A4; a5-tent: thẻ A5 gấp đôi để dựng "
                   "(mặc định a6x4).")
@OUT
@with_appcontext
def shop_cards_command(all_shops: bool, codes: tuple[str, ...], csv_file: Path | None,
                       include_demo: bool, layout: str, out: Path) -> None:
    """Thẻ thanh toán cho cửa hàng hộ gia đình: bốn thẻ A6 trên tờ A4, hoặc thẻ A5 gấp dựng."""
    if sum((all_shops, bool(codes), csv_file is not None)) != 1:
        raise UserError("chọn đúng một trong --all, --code hoặc --csv")
    conn = _connect()
    try:
        hamlet = setting_store.get_settings(conn).get("hamlet", "")
        if csv_file is not None:
            shops = _shops_from_csv(csv_file)
        else:
            try:
                shops = printing.shop_cards(conn, None if all_shops else codes,
                                            include_demo=include_demo)
            except printing.PrintError as exc:
                raise UserError(str(exc)) from exc
        if not shops:
            raise UserError("không có cửa hàng nào để in")
        _write(out, lambda: printing.cards_pdf(shops, hamlet, layout,
                                               printing.fonts_for(current_app.config)))
    finally:
        conn.close()


def _shops_from_csv(path: Path):
    report = Report()
    text = decode(path.read_bytes(), path.name, report)
    shops = parse_csv(text, path.name, report, require_code=False) if text is not None else []
    errors = [p for p in report.problems if p.level == "error"]
    for problem in in_order(report.problems):
        click.echo(str(problem), err=True)
    if errors:
        raise UserError(f"{len(errors)} dòng/cột có lỗi trong {path.name}; chưa in gì")
    return shops


@print_group.command("posters", cls=OneLineCommand)
@click.option("--all", "all_sites", is_flag=True, help="Mọi di tích chưa bị gỡ.")
@click.option("--site", "slugs", multiple=True, metavar="SLUG", help="Một di tích (dùng nhiều lần được).")
@click.option("--size", type=click.Choice(["a4", "a3"]), default="a4",
              help="Khổ giấy (mặc định a4).")
@OUT
@with_appcontext
def posters_command(all_sites: bool, slugs: tuple[str, ...], size: str, out: Path) -> None:
    """Áp phích di tích, mỗi tấm có mã QR của đường link ngắn cố định của di tích."""
    if all_sites == bool(slugs):
        raise UserError("chọn --all hoặc --site SLUG")
    conn = _connect()
    try:
        try:
            sites = printing.sites_to_print(conn, None if all_sites else slugs)
        except printing.PrintError as exc:
            raise UserError(str(exc)) from exc
        if not sites:
            raise UserError("không có di tích nào để in")
        settings = setting_store.get_settings(conn)
        data_dir = Path(current_app.config["DATA"])
        _write(out, lambda: printing.posters_pdf(sites, settings, data_dir, size,
                                                 printing.fonts_for(current_app.config)))
    finally:
        conn.close()


@print_group.command("handout", cls=OneLineCommand)
@click.argument("slug")
@click.option("--lang", default="vi", metavar="LANG", help="Ngôn ngữ của tờ hướng dẫn (mặc định vi).")
@OUT
@with_appcontext
def handout_command(slug: str, lang: str, out: Path) -> None:
    """Tờ hướng dẫn in của một bài (hai trang nếu vừa, dài hơn nếu không), có mã QR tới bài."""
    conn = _connect()
    try:
        guide = guide_store.get_guide(conn, slug, published_only=False)
        if guide is None:
            raise UserError(f"không có hướng dẫn {slug!r} (xem danh sách trên trang đầu kiosk)")
        settings = setting_store.get_settings(conn)
        data_dir = Path(current_app.config["DATA"])
        _write(out, lambda: printing.handout_pdf(guide, settings, data_dir, lang,
                                                 printing.fonts_for(current_app.config)))
    finally:
        conn.close()


@print_group.command("link", cls=OneLineCommand)
@click.option("--url", required=True, metavar="URL", help="Đường link, ví dụ lời mời vào nhóm Zalo https://zalo.me/g/…")
@click.option("--title", required=True, metavar="TITLE", help="Tiêu đề lớn trên áp phích.")
@click.option("--text", "instructions", default="", help="Lời dặn dưới tiêu đề.")
@OUT
@with_appcontext
def link_command(url: str, title: str, instructions: str, out: Path) -> None:
    """Áp phích có mã QR của một đường link bất kỳ (nhóm Zalo, ứng dụng của tỉnh…)."""
    conn = _connect()
    try:
        hamlet = setting_store.get_settings(conn).get("hamlet", "")
    finally:
        conn.close()
    _write(out, lambda: printing.link_pdf(url, title, instructions, hamlet,
                                          printing.fonts_for(current_app.config)))


@print_group.command("wifi", cls=OneLineCommand)
@click.option("--ssid", default=None, metavar="SSID", help="Tên mạng (mặc định: thiết lập wifi_name).")
@click.option("--password", default=None, metavar="PASSWORD",
              help="Mật khẩu (mặc định: thiết lập wifi_password).")
@OUT
@with_appcontext
def wifi_command(ssid: str | None, password: str | None, out: Path) -> None:
    """Áp phích quét là vào Wi-Fi nhà văn hóa, có in cả mật khẩu."""
    conn = _connect()
    try:
        settings = setting_store.get_settings(conn)
    finally:
        conn.close()
    _write(out, lambda: printing.wifi_pdf(printing.wifi_spec(settings, ssid, password),
                                          printing.fonts_for(current_app.config)))
