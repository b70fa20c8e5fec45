"""Problems found outside a request (a backup's checks, a short code's rule) shown to an account
that reads the admin in English (issue 17): the page translates them, values filled in after."""

from __future__ import annotations

import io
import zipfile
from html import unescape

from tests.helpers.admin import ADMIN, post, read_admin_in


def test_a_refused_restore_says_why_in_english(app, admin):
    read_admin_in(app, ADMIN, "en")
    upload = io.BytesIO()
    with zipfile.ZipFile(upload, "w") as archive:
        archive.writestr("notes.txt", "not a backup")
    response = post(admin, "/admin/backups/restore",
                    {"file": (io.BytesIO(upload.getvalue()), "notes.zip")}, "/admin/backups")
    assert response.status_code == 302
    page = unescape(admin.get(response.headers["Location"]).get_data(as_text=True))
    assert "manifest.json is missing: this is not a Làng Số backup" in page
    assert "Not restored: the current data is unchanged." in page
    assert "đây không phải bản sao lưu" not in page


def test_the_site_form_explains_a_bad_code_in_english(app, admin):
    read_admin_in(app, ADMIN, "en")
    response = post(admin, "/admin/sites/new", {
        "slug": "chua-moi", "code": "AB", "position": "1", "name.vi": "Chùa Mới",
        "summary.vi": "Một ngôi chùa.", "action": "save"})
    page = unescape(response.get_data(as_text=True))
    assert response.status_code == 400
    assert "the code 'AB' must be 3–8 characters long" in page
    assert "phải dài" not in page
