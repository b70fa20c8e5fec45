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
from kiosk.cli.errors import OneLineCommand, UserError
from kiosk.packs.shops_csv import decode, parse_csv
from kiosk.problems import Report, in_order
from kiosk.store import guides as guide_store
from kiosk.store import settings as setting_store
from printables import FontError, LayoutError
from qr.vietqr import PayloadError

OUT = click.option("--out", "out", required=True, type=click.Path(dir_okay=False, path_type=Path),
                   help="PDF file to write.")


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


@click.group("print")
def print_group() -> None:
    """In PDF: thẻ thanh toán, áp phích di tích, tờ hướng dẫn, Wi-Fi, đường link."""


@print_group.command("shop-cards", cls=OneLineCommand)
@click.option("--all", "all_shops", is_flag=True, help="Every shop in the database.")
@click.option("--code", "codes", multiple=True, metavar="CODE", help="A shop's code (repeatable).")
@click.option("--csv", "csv_file", type=click.Path(exists=True, dir_okay=False, path_type=Path),
              help="Shops from a spreadsheet saved as CSV (columns as in README).")
@click.option("--include-demo", is_flag=True,
              help="Với --all: in cả cửa hàng mẫu (mặc định bỏ qua).")
@click.option("--layout", type=click.Choice(["a6x4", "a5-tent"]), default="a6x4", show_default=True)
@OUT
@with_appcontext
def shop_cards_command(all_shops: bool, codes: tuple[str, ...], csv_file: Path | None,
                       include_demo: bool, layout: str, out: Path) -> None:
    """Payment cards for household shops, four A6 cards per A4 sheet or a folded A5 tent."""
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
@click.option("--all", "all_sites", is_flag=True, help="Every heritage site that is not retired.")
@click.option("--site", "slugs", multiple=True, metavar="SLUG", help="A site (repeatable).")
@click.option("--size", type=click.Choice(["a4", "a3"]), default="a4", show_default=True)
@OUT
@with_appcontext
def posters_command(all_sites: bool, slugs: tuple[str, ...], size: str, out: Path) -> None:
    """Heritage posters with the QR code of each site's permanent short link."""
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
@click.option("--lang", default="vi", show_default=True, help="Language of the handout.")
@OUT
@with_appcontext
def handout_command(slug: str, lang: str, out: Path) -> None:
    """A handout of a guide (two pages when it fits, more when not), with a QR code to it."""
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
@click.option("--url", required=True, help="The link, e.g. a Zalo group invite https://zalo.me/g/…")
@click.option("--title", required=True, help="Big title on the poster.")
@click.option("--text", "instructions", default="", help="Instructions under the title.")
@OUT
@with_appcontext
def link_command(url: str, title: str, instructions: str, out: Path) -> None:
    """A poster with any link as a QR code (Zalo group, the province's app…)."""
    conn = _connect()
    try:
        hamlet = setting_store.get_settings(conn).get("hamlet", "")
    finally:
        conn.close()
    _write(out, lambda: printing.link_pdf(url, title, instructions, hamlet,
                                          printing.fonts_for(current_app.config)))


@print_group.command("wifi", cls=OneLineCommand)
@click.option("--ssid", default=None, help="Network name (default: the wifi_name setting).")
@click.option("--password", default=None, help="Password (default: the wifi_password setting).")
@OUT
@with_appcontext
def wifi_command(ssid: str | None, password: str | None, out: Path) -> None:
    """A poster that joins the cultural-house Wi-Fi when scanned, with the password printed."""
    conn = _connect()
    try:
        settings = setting_store.get_settings(conn)
    finally:
        conn.close()
    _write(out, lambda: printing.wifi_pdf(printing.wifi_spec(settings, ssid, password),
                                          printing.fonts_for(current_app.config)))
