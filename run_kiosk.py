#!/usr/bin/env python3
"""Start the Làng Số kiosk server (waitress). See README.md, "Running the kiosk"."""

from __future__ import annotations

import argparse
import logging
import os
import signal
import sys
from pathlib import Path


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        description="Chạy máy chủ kiosk Làng Số / Run the Làng Số kiosk server.",
    )
    parser.add_argument(
        "--host", default="127.0.0.1",
        help="address to listen on (default 127.0.0.1: only this machine's screen). Use 0.0.0.0 "
             "so phones on the cultural-house Wi-Fi can open heritage and shop pages.")
    parser.add_argument("--port", type=int, default=8080, help="port (default 8080)")
    parser.add_argument("--data", type=Path, default=None,
                        help="data directory (default ./data or $LANGSO_DATA)")
    parser.add_argument("--threads", type=int, default=8,
                        help="worker threads (default 8; 4 is enough on a Raspberry Pi 3)")
    args = parser.parse_args(argv)
    if not 1 <= args.port <= 65535:
        parser.error(f"--port {args.port}: phải từ 1 đến 65535")
    if not 1 <= args.threads <= 64:
        parser.error(f"--threads {args.threads}: phải từ 1 đến 64")
    return args


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    from kiosk import create_app, serving
    from kiosk.backup import schedule
    from kiosk.config import ConfigError
    from kiosk.ops import startup

    data_dir = args.data or Path(os.environ.get("LANGSO_DATA") or "./data")
    try:
        startup.check_data_dir(data_dir)
        app = create_app({"DATA": str(data_dir)})
        data_dir = Path(app.config["DATA"])
        startup.check_port(args.host, args.port)
        if app.config["IMPORT_DEMO"] and (done := startup.import_default_if_empty(data_dir)):
            print(done)
    except (startup.StartupError, ConfigError) as exc:
        print(f"langso: {exc}", file=sys.stderr)
        return 2
    # A backup a day in data/backups (the newest 14 kept), checked now and every hour.
    schedule.start_daily_backups(data_dir)
    for warning in (startup.font_warning(), startup.public_url_warning(data_dir, args.host)):
        if warning:
            print(warning, file=sys.stderr)
    print(f"Làng Số: dữ liệu ở {data_dir}")
    for url in startup.urls(args.host, args.port):
        print(f"  mở {url}")
    if args.host == "127.0.0.1":
        print("  (chỉ máy này mở được; điện thoại trong Wi-Fi cần chạy với --host 0.0.0.0)")
    sys.stdout.flush()
    # systemd stops the service with SIGTERM: exit normally so the last usage counts are saved.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
    # waitress warns at every queued request under load; that would flood the journal on a busy day.
    logging.getLogger("waitress.queue").setLevel(logging.ERROR)
    server = serving.make_server(app, args.host, args.port, args.threads,
                                 max_body=app.config["MAX_CONTENT_LENGTH"])
    server.run()
    return 0


if __name__ == "__main__":
    sys.exit(main())
