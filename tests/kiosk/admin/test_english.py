"""The admin's words in English (issue 17): its pages and messages go through the catalog, and a
problem found without a request (a setting) is shown in the language of the page."""

from __future__ import annotations

from flask import render_template, render_template_string
from werkzeug.datastructures import MultiDict

from kiosk.admin import listing
from kiosk.store.listing import Page
from kiosk.store.settings import SETTING_DEFAULTS, setting_problems
from kiosk.web.i18n import problem_text, ui_language
from tests.helpers.admin import MEMBER, choose_admin_language, login, make_accounts

LIST = """{% from "admin/_listing.html" import counts, pager %}
{{- counts(page, "shop", 45) }}{{ pager(page, []) }}"""


def test_an_account_in_english_sees_the_dashboard_and_guide_list_in_english(app, client):
    make_accounts(app)
    login(client, MEMBER)
    choose_admin_language(client, "en")
    dashboard = client.get("/admin/").get_data(as_text=True)
    assert "<h2>Recent changes</h2>" in dashboard and "<th>Who</th>" in dashboard
    guides = client.get("/admin/guides").get_data(as_text=True)
    assert "<h1>Guides</h1>" in guides and "+ Add a guide" in guides
    assert "Thêm hướng dẫn" not in guides


def test_the_sample_data_page_in_english(app):
    with app.test_request_context("/admin/demo"), ui_language("en"):
        html = render_template("admin/demo.html", shops=[], sites=[])
    assert "<h1>Remove the sample data</h1>" in html
    assert "No sample shops or heritage sites are left." in html
    assert "Xóa dữ liệu mẫu" not in html


def test_the_list_count_and_pager_in_english(app):
    page = Page(items=list(range(20)), number=2, pages=3, total=45, size=20)
    with app.test_request_context("/admin/shops"), ui_language("en"):
        html = render_template_string(LIST, page=page)
    assert "21–40 of 45 shops match" in html
    assert "Page 2/3" in html and 'aria-label="Pages"' in html


def test_a_wrong_day_in_the_shop_filter_is_named_in_english(app):
    with app.test_request_context("/admin/shops"), ui_language("en"):
        _, errors = listing.shop_filter(MultiDict({"since": "31/02/2026"}))
    assert errors["since"].startswith("The “changed since” date must be a real day")


def test_a_setting_problem_in_the_page_language(app):
    form = {**{k: str(v) for k, v in SETTING_DEFAULTS.items()}, "hamlet": "Thôn Đông",
            "commune": "Xã Hòa", "province": "Tỉnh Nam", "idle_timeout": "5"}
    _, errors, _ = setting_problems(form)
    with app.test_request_context("/admin/settings"):
        assert problem_text(errors["idle_timeout"]) == "phải là số giây từ 30 đến 900"
        with ui_language("en"):
            assert problem_text(errors["idle_timeout"]) == (
                "must be a number of seconds from 30 to 900")
