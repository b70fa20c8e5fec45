"""`langso commune …`: the commune machine (turn the mode on, take in hamlets' files, the report)."""

from __future__ import annotations

import json
from pathlib import Path

import click
from flask import current_app
from flask.cli import with_appcontext

from kiosk import atomic, db, printing
from kiosk.cli.errors import UserError
from kiosk.cli.vietnamese import CommandGroup, OneLineCommand
from kiosk.commune import dashboard, identity, inbox, signed_pack
from kiosk.commune.bundle import MAX_BYTES
from kiosk.packs.export import zip_bytes
from kiosk.store import settings as setting_store
from kiosk.timekeeping import localtime
from printables import FontError, LayoutError
from printables.commune_report import commune_report_pdf

MAX_FOLDER_FILES = inbox.MAX_FILES


@click.group("commune", cls=CommandGroup)
def commune_group() -> None:
    """Máy của xã: nhận tệp số liệu tháng của các thôn, bảng tổng hợp, báo cáo gửi tỉnh."""


def _connect():
    return db.connect(Path(current_app.config["DATA"]) / db.DB_NAME)


@commune_group.command("init", cls=OneLineCommand)
@with_appcontext
def init_command() -> None:
    """Bật chế độ máy của xã (ghi COMMUNE_MODE vào settings.json của thư mục dữ liệu)."""
    path = Path(current_app.config["DATA"]) / "settings.json"
    try:
        saved = json.loads(path.read_text(encoding="utf-8")) if path.exists() else {}
    except (OSError, ValueError) as exc:
        raise UserError(f"không đọc được {path}: {exc}") from exc
    if not isinstance(saved, dict):
        raise UserError(f"{path}: phải là một đối tượng JSON")
    saved["COMMUNE_MODE"] = True
    atomic.write_text(path, json.dumps(saved, ensure_ascii=False, indent=1) + "\n")
    click.echo("Đã bật chế độ máy của xã. Khởi động lại máy chủ để thấy mục “Xã” trong trang quản lý.")


def _files(paths: tuple[Path, ...]) -> list[tuple[str, bytes]]:
    """The .json files named, or found directly in the folders named; sizes capped before reading."""
    found: list[Path] = []
    for path in paths:
        found += sorted(p for p in path.iterdir() if p.suffix == ".json") if path.is_dir() else [path]
    if len(found) > MAX_FOLDER_FILES:
        raise UserError(f"quá nhiều tệp ({len(found)}), tối đa {MAX_FOLDER_FILES} một lần")
    out = []
    for path in found:
        with path.open("rb") as handle:
            out.append((path.name, handle.read(MAX_BYTES + 1)))
    return out


@commune_group.command("import", cls=OneLineCommand)
@click.argument("paths", nargs=-1, required=True,
                type=click.Path(exists=True, path_type=Path))
@click.option("--register", "fingerprints", multiple=True, metavar="MÃ",
              help="Mã nhận diện của một thôn mới, đã đối chiếu với trang Số liệu của thôn.")
@with_appcontext
def import_command(paths: tuple[Path, ...], fingerprints: tuple[str, ...]) -> None:
    """Nhận tệp số liệu tháng của các thôn (tệp hoặc thư mục); tệp sai hay của thôn lạ bị từ chối."""
    files = _files(paths)
    conn = _connect()
    try:
        outcomes = inbox.import_bundles(conn, files, "dòng lệnh",
                                        frozenset(f.strip().upper() for f in fingerprints))
    finally:
        conn.close()
    for outcome in outcomes:
        click.echo(f"{outcome.name}: {outcome.message}")
    taken = sum(o.status in inbox.ACCEPTED for o in outcomes)
    click.echo(f"Đã nhận {taken}/{len(outcomes)} tệp.")
    if any(o.status in (inbox.REFUSED, inbox.UNKNOWN) for o in outcomes):
        raise SystemExit(2)


@commune_group.command("report", cls=OneLineCommand)
@click.option("--month", required=True, metavar="YYYY-MM", help="Tháng, ví dụ 2026-11.")
@click.option("--out", type=click.Path(dir_okay=False, path_type=Path), help="Tệp PDF gửi tỉnh.")
@click.option("--csv", "csv_out", type=click.Path(dir_okay=False, path_type=Path),
              help="Tệp CSV: mỗi thôn, mỗi tháng một dòng (12 tháng đến tháng này).")
@with_appcontext
def report_command(month: str, out: Path | None, csv_out: Path | None) -> None:
    """Báo cáo tháng của xã: PDF theo mẫu báo cáo thôn và/hoặc CSV."""
    if out is None and csv_out is None:
        raise UserError("cần --out TỆP.pdf hoặc --csv TỆP.csv (hoặc cả hai)")
    conn = _connect()
    try:
        view = dashboard.overview(conn, month)
        place = setting_store.get_settings(conn)
    except ValueError as exc:
        raise UserError(str(exc)) from exc
    finally:
        conn.close()
    try:
        if csv_out is not None:
            atomic.write_bytes(csv_out, dashboard.overview_csv(view, localtime.zone_of(place)))
            click.echo(f"Đã ghi {csv_out}")
        if out is not None:
            pdf = commune_report_pdf(dashboard.report_spec(view, place["commune"], place["province"]),
                                     printing.fonts_for(current_app.config))
            atomic.write_bytes(out, pdf)
            click.echo(f"Đã ghi {out} ({len(pdf) // 1024} KB)")
    except (LayoutError, FontError) as exc:
        raise UserError(str(exc)) from exc
    except OSError as exc:
        raise UserError(f"không ghi được tệp: {exc.strerror or exc}") from exc


@commune_group.command("export-guides", cls=OneLineCommand)
@click.argument("out", type=click.Path(dir_okay=False, path_type=Path))
@with_appcontext
def export_guides_command(out: Path) -> None:
    """Gói hướng dẫn và câu đố của xã, có chữ ký của xã (.zip), để các thôn cập nhật."""
    if out.suffix.lower() != ".zip":
        raise UserError("tệp gói phải có đuôi .zip")
    data_dir = Path(current_app.config["DATA"])
    conn = _connect()
    try:
        key = identity.load_or_create(data_dir)
        signer = setting_store.get_settings(conn)["commune"] or "Xã"
        files = signed_pack.sign_files(signed_pack.guide_files(conn, data_dir), key, signer)
        atomic.write_bytes(out, zip_bytes(files))
    except (OSError, ValueError) as exc:
        raise UserError(str(exc)) from exc
    finally:
        conn.close()
    click.echo(f"Đã ghi {out}: {sum(r.endswith('/guide.yaml') for r in files)} hướng dẫn. "
               f"Mã nhận diện của xã (các thôn đối chiếu): {identity.fingerprint(key.verify_key)}")


@click.command("update-guides", cls=OneLineCommand)
@click.argument("pack", type=click.Path(exists=True, path_type=Path))
@click.option("--trust", "confirm", default="", metavar="MÃ",
              help="Mã nhận diện của xã (lần cập nhật đầu tiên), đã đối chiếu với xã.")
@click.option("--dry-run", is_flag=True, help="Chỉ cho xem những gì sẽ thay đổi.")
@with_appcontext
def update_guides_command(pack: Path, confirm: str, dry_run: bool) -> None:
    """Cập nhật hướng dẫn từ gói có chữ ký của xã; hướng dẫn riêng của thôn, di tích, cửa hàng
    và thiết lập giữ nguyên."""
    try:
        signed = signed_pack.read_signed_pack(pack)
    except signed_pack.SignedPackError as exc:
        raise UserError(str(exc)) from exc
    conn = _connect()
    try:
        plan = signed_pack.plan_update(conn, signed)
        for label, names in (("thêm", plan.new_guides), ("thay bằng bản mới", plan.replaced_guides),
                             ("giữ bản của thôn", plan.kept_guides)):
            if names:
                click.echo(f"Hướng dẫn — {label}: {', '.join(names)}")
        if plan.new_items or plan.replaced_items:
            click.echo(f"Câu đố — thêm {len(plan.new_items)}, thay {len(plan.replaced_items)}")
        if dry_run:
            problem = signed_pack.trust_problem(conn, signed, confirm)
            click.echo(f"Chưa thay đổi gì (--dry-run). {problem or ''}".strip())
            return
        signed_pack.apply_update(conn, Path(current_app.config["DATA"]), signed, "dòng lệnh",
                                 confirm)
    except signed_pack.SignedPackError as exc:
        raise UserError(str(exc)) from exc
    finally:
        conn.close()
    click.echo(f"Đã cập nhật từ gói của {signed.signer}: {plan.changes} thay đổi.")
