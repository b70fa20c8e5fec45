"""The last-resort answer when an error page cannot be drawn: plain text, in the page's language
when the catalog can be read, in Vietnamese when not; never a traceback."""

from __future__ import annotations

import pytest

from kiosk.web import errors


@pytest.fixture
def broken_templates(monkeypatch):
    def refuse(*_args, **_kwargs):
        raise RuntimeError("no URL adapter")

    monkeypatch.setattr(errors, "render_template", refuse)


@pytest.mark.usefixtures("broken_templates")
def test_plain_answer_in_vietnamese(client):
    response = client.get("/no-such-page")
    assert (response.status_code, response.mimetype) == (404, "text/plain")
    assert response.get_data(as_text=True) == "Lỗi 404. Hãy quay lại trang đầu."


@pytest.mark.usefixtures("broken_templates")
def test_plain_answer_in_the_page_language(client):
    response = client.get("/no-such-page?lang=en")
    assert response.status_code == 404
    assert response.get_data(as_text=True) == "Error 404. Go back to the home page."


@pytest.mark.usefixtures("broken_templates")
def test_plain_answer_is_vietnamese_when_the_catalog_fails_too(client, monkeypatch):
    def refuse(*_args, **_kwargs):
        raise OSError("disk I/O error")

    monkeypatch.setattr(errors, "gettext", refuse)
    response = client.get("/no-such-page?lang=en")
    assert response.get_data(as_text=True) == "Lỗi 404. Hãy quay lại trang đầu."
