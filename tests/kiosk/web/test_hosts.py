"""The Host header a client sends never reaches a redirect, and host names match in any case."""

from __future__ import annotations

import pytest

from kiosk import create_app


@pytest.mark.parametrize("path", ["/heritage", "/admin"])
def test_trailing_slash_redirects_are_relative_whatever_the_host(client, path):
    response = client.get(path, headers={"Host": "evil.example"})
    assert response.status_code == 308
    assert response.headers["Location"] == path + "/"


def test_redirect_to_another_host_is_left_alone(app):
    from flask import redirect

    app.add_url_rule("/away", "away", lambda: redirect("https://vneid.gov.vn/"))
    response = app.test_client().get("/away")
    assert response.headers["Location"] == "https://vneid.gov.vn/"


def test_login_redirect_keeps_no_host(client):
    response = client.get("/admin/", headers={"Host": "evil.example"})
    assert "evil" not in response.headers["Location"]


@pytest.mark.parametrize(("host", "status"), [
    ("kiosk.local", 200), ("KIOSK.Local", 200), ("kiosk.local:8080", 200),
    ("192.168.1.5", 200), ("evil.example", 400),
])
def test_trusted_hosts_match_without_regard_to_case(data_dir, host, status):
    app = create_app({"DATA": str(data_dir), "TESTING": True, "TRUSTED_HOSTS": "Kiosk.LOCAL 192.168.1.5"})
    assert app.test_client().get("/healthz", headers={"Host": host}).status_code == status
