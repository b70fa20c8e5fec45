#!/usr/bin/env python3
"""The reference for kiosk_load.py: bare Flask + waitress answering with fixed bytes from memory.

    python bench/reference.py --port PORT --pages DIR [--threads 8]

DIR holds one file per page (the name is the URL path with "/" as "__"); each is served as
text/html with nothing else: no hooks, no database, no cookies. Whatever the kiosk takes beyond
this on the same machine, in the same run, is ours.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from flask import Flask, Response, abort
from waitress import serve


def make_app(pages: dict[str, bytes]) -> Flask:
    app = Flask("reference")

    @app.get("/<path:path>")
    def page(path: str):
        body = pages.get("/" + path)
        if body is None:
            abort(404)
        return Response(body, mimetype="text/html")

    return app


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--pages", type=Path, required=True)
    parser.add_argument("--threads", type=int, default=8)
    args = parser.parse_args()
    pages = {"/" + f.name.replace("__", "/"): f.read_bytes() for f in args.pages.iterdir()}
    serve(make_app(pages), host="127.0.0.1", port=args.port, threads=args.threads,
          ident="reference", _quiet=True)


if __name__ == "__main__":
    main()
