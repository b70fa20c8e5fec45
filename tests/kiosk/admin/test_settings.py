"""Admin settings: the kiosk's read-aloud voice (region and rate) reaches the step pages."""

from __future__ import annotations

from tests.helpers.admin import ADMIN, csrf_token, login, make_accounts

FORM = {"hamlet": "Thôn Thử", "commune": "Xã Thử", "province": "Tỉnh Thử", "public_base_url": "",
        "wifi_name": "", "wifi_password": "", "idle_timeout": "90"}


def test_the_chosen_voice_reaches_the_kiosk_step(app, client):
    make_accounts(app)
    login(client, ADMIN)
    page = client.get("/admin/settings").get_data(as_text=True)
    assert '<option value="bac" selected>Giọng Bắc</option>' in page
    data = {**FORM, "csrf_token": csrf_token(client, "/admin/settings"), "voice_region": "nam",
            "speech_rate": "85"}
    assert client.post("/admin/settings", data=data).status_code == 302
    step = client.get("/guides/kich-hoat-vneid/1").get_data(as_text=True)
    assert 'data-voice-region="nam" data-speech-rate="85"' in step
    page = client.get("/admin/settings").get_data(as_text=True)
    assert '<option value="nam" selected>Giọng Nam</option>' in page


def test_a_wrong_voice_is_refused_with_the_form_kept(app, client):
    make_accounts(app)
    login(client, ADMIN)
    data = {**FORM, "csrf_token": csrf_token(client, "/admin/settings"), "voice_region": "x",
            "speech_rate": "85"}
    response = client.post("/admin/settings", data=data)
    assert response.status_code == 400
    assert "chọn giọng Bắc, Trung hoặc Nam" in response.get_data(as_text=True)
