#!/usr/bin/env python3
"""Start the Làng Số kiosk server (waitress). See README.md, "Running the kiosk".

Flags only: kiosk.serving.serve() does the work, as `langso serve` does.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from kiosk import serving


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        description="Chạy máy chủ kiosk Làng Số / Run the Làng Số kiosk server.",
    )
    parser.add_argument("--host", default="127.0.0.1", help=serving.HOST_HELP)
    parser.add_argument("--port", type=int, default=8080, help=serving.PORT_HELP)
    parser.add_argument("--data", type=Path, default=None, help=serving.DATA_HELP)
    parser.add_argument("--threads", type=int, default=8, help=serving.THREADS_HELP)
    args = parser.parse_args(argv)
    if problem := serving.flag_problem(args.port, args.threads):
        parser.error(problem)
    return args


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    return serving.serve(args.data, args.host, args.port, args.threads)


if __name__ == "__main__":
    sys.exit(main())
