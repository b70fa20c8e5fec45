"""Response headers that keep a public kiosk page from being framed, sniffed or injected into."""

from __future__ import annotations

from urllib.parse import urlsplit

from flask import Flask, Response, request

# Everything is served by this machine: no CDN, no inline script, no framing.
CSP = ("default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
       "media-src 'self'; font-src 'self'; connect-src 'self'; object-src 'none'; "
       "base-uri 'none'; form-action 'self'; frame-ancestors 'none'")

HEADERS = {
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "same-origin",
    "Permissions-Policy": "camera=(), geolocation=(), microphone=(), payment=(), usb=()",
    "Cross-Origin-Opener-Policy": "same-origin",
}
# The admin records narration (static/js/recorder.js): the microphone, this origin only.
ADMIN_PERMISSIONS = "camera=(), geolocation=(), microphone=(self), payment=(), usb=()"


# Computed once: (lower-case name, name, value), in the order they are added.
_DEFAULTS = tuple((name.lower(), name, value)
                  for name, value in {"Content-Security-Policy": CSP, **HEADERS}.items())


def add_headers(response: Response) -> Response:
    """Add each header a view (or the admin) did not set itself.

    One pass over the response's few headers instead of a setdefault per header, each of which
    scans them all (~40 µs a request together).
    """
    headers = response.headers
    present = {name.lower() for name in headers.keys()}
    for lower, name, value in _DEFAULTS:
        if lower not in present:
            headers.add(name, value)
    return response


def relative_location(response: Response) -> Response:
    """Turn a redirect to this host into a path, so a forged Host header never reaches a browser.

    Werkzeug builds its trailing-slash redirects (`/heritage` → `/heritage/`) from the request's
    Host header; with TRUSTED_HOSTS empty (the default on a LAN) that header is whatever the
    client sent.
    """
    location = response.headers.get("Location")
    if location and "//" in location[:8]:
        parts = urlsplit(location)
        if parts.netloc.lower() == request.host.lower():
            path = parts.path or "/"
            response.headers["Location"] = f"{path}?{parts.query}" if parts.query else path
    return response


def _lowercase_host(wsgi_app):
    """Host names are case-insensitive, but werkzeug matches TRUSTED_HOSTS as given."""
    def app(environ, start_response):
        host = environ.get("HTTP_HOST")
        if host:
            environ["HTTP_HOST"] = host.lower()
        return wsgi_app(environ, start_response)
    return app


def init_app(app: Flask) -> None:
    app.wsgi_app = _lowercase_host(app.wsgi_app)
    app.after_request(add_headers)
    app.after_request(relative_location)
