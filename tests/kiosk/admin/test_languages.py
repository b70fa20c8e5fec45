"""The languages page: every member reads it; the admin guard lets only the admin add one."""

from __future__ import annotations

from kiosk.admin import admin_only
from tests.helpers.admin import post


def test_a_member_sees_the_languages(member):
    page = member.get("/admin/languages")
    assert page.status_code == 200
    assert "English" in page.get_data(as_text=True)


def test_a_member_adding_a_language_is_refused_by_the_guard(member):
    response = post(member, "/admin/languages", {"code": "tyz", "name": "Tày"}, "/admin/languages")
    assert response.status_code == 403


def test_the_guard_rule_is_reading_free_and_adding_admin_only():
    assert (admin_only("admin.languages_page", "GET"), admin_only("admin.languages_page", "HEAD"),
            admin_only("admin.languages_page", "POST")) == (False, False, True)
