"""The shipped pack's guides carry the safety warnings a first-time user most needs (issue 13).

Steps are found by what they say, not by their number, so reordering a guide does not break the
test; removing a warning does.
"""

from __future__ import annotations

import shutil
import unicodedata
from pathlib import Path

import pytest

from kiosk.packs.check import check
from kiosk.packs.shapes import GuideData, StepData

CONTENT = Path(__file__).resolve().parents[3] / "content"


UNDER_TEST = ("nop-ho-so-dich-vu-cong", "nhan-biet-lua-dao", "zalo-nhom-thon-va-goi-video")


@pytest.fixture(scope="module")
def guides(tmp_path_factory) -> dict[str, GuideData]:
    """The shipped guides under test, checked as a pack (with the shipped sources.yaml) on their
    own, so a guide being written elsewhere in the pack cannot hide or fake a result here."""
    pack = tmp_path_factory.mktemp("pack")
    for name in ("pack.yaml", "sources.yaml"):
        shutil.copy(CONTENT / name, pack / name)
    for slug in UNDER_TEST:
        shutil.copytree(CONTENT / "guides" / slug, pack / "guides" / slug)
    data, problems = check(pack)
    assert data is not None, [str(p) for p in problems][:10]
    return {g.slug: g for g in data.guides}


def _all(step: StepData, lang: str) -> str:
    """Every text of a step in one language, NFC and lower case, for phrase search."""
    parts = [step.title.get(lang, ""), step.body.get(lang, ""), step.tip.get(lang, ""),
             step.warning.get(lang, "")]
    return unicodedata.normalize("NFC", " ".join(parts)).lower()


def _steps_with(guide: GuideData, lang: str, phrase: str) -> list[StepData]:
    return [s for s in guide.steps if phrase.lower() in _all(s, lang)]


def _one_step(guide: GuideData, lang: str, phrase: str) -> StepData:
    found = _steps_with(guide, lang, phrase)
    assert found, f"{guide.slug}: no step says {phrase!r} ({lang})"
    return found[0]


PASSCODE_WARNING = {
    "vi": ("chỉ nhập trong ứng dụng vneid", "trang web nào đòi passcode", "lừa đảo"),
    "en": ("only in the vneid app", "web page that asks for the passcode", "scam"),
}


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_every_portal_step_about_the_passcode_says_it_is_typed_only_in_vneid(guides, lang):
    guide = guides["nop-ho-so-dich-vu-cong"]
    steps = _steps_with(guide, lang, "passcode")
    assert len(steps) >= 3  # login, confirm in VNeID, hộ tịch consent
    for step in steps:
        text = _all(step, lang)
        for phrase in PASSCODE_WARNING[lang]:
            assert phrase in text, (step.title[lang], phrase)


@pytest.mark.parametrize("lang, login, account_type", [
    ("vi", "đăng nhập", "tài khoản định danh điện tử cấp bởi bộ công an"),
    ("en", "log in", "tài khoản định danh điện tử cấp bởi bộ công an"),
])
def test_portal_login_step_names_the_account_type(guides, lang, login, account_type):
    step = _one_step(guides["nop-ho-so-dich-vu-cong"], lang, account_type)
    assert login in _all(step, lang)


@pytest.mark.parametrize("lang, phrases", [
    ("vi", ("tổng đài", "ngân hàng", "in trên thẻ", "không gọi số điện thoại ghi trong tin nhắn",
            "khóa tài khoản", "113")),
    ("en", ("hotline", "bank", "printed on your card", "never call a number given in a message",
            "lock the account", "113")),
])
def test_scam_guide_says_call_the_bank_first(guides, lang, phrases):
    step = _one_step(guides["nhan-biet-lua-dao"], lang, phrases[0])
    text = _all(step, lang)
    for phrase in phrases:
        assert phrase in text, phrase
    bank, police = text.index(phrases[1]), text.index("113")
    assert bank < police  # the bank comes before the police


@pytest.mark.parametrize("lang, phrases", [
    ("vi", ("người thân", "video", "có thể là giả", "gọi lại số bạn", "mật khẩu gia đình")),
    ("en", ("relative", "video", "fake", "call back on the number you", "family code word")),
])
def test_scam_guide_has_the_fake_relative_and_deepfake_call(guides, lang, phrases):
    step = _one_step(guides["nhan-biet-lua-dao"], lang, phrases[3])
    text = _all(step, lang)
    for phrase in phrases:
        assert phrase in text, phrase


@pytest.mark.parametrize("lang, phrases", [
    ("vi", ("đăng nhập trên thiết bị khác", "từ chối", "tên nhóm")),
    ("en", ("đăng nhập trên thiết bị khác", "từ chối", "group name")),
])
def test_zalo_group_join_warns_about_the_login_request(guides, lang, phrases):
    guide = guides["zalo-nhom-thon-va-goi-video"]
    steps = _steps_with(guide, lang, phrases[0])
    assert steps, "no step warns about the login request"
    assert any(all(p in _all(s, lang) for p in phrases) for s in steps)


@pytest.mark.parametrize("lang, call, phrases", [
    ("vi", "gọi video", ("cúp máy", "gọi lại số bạn", "mật khẩu gia đình")),
    ("en", "video call", ("hang up", "call back on the number you", "family code word")),
])
def test_zalo_video_call_step_says_call_back(guides, lang, call, phrases):
    guide = guides["zalo-nhom-thon-va-goi-video"]
    video = [s for s in guide.steps if call in s.title[lang].lower()]
    assert video, "no video-call step"
    assert any(all(p in _all(s, lang) for p in phrases) for s in video)


def test_every_shipped_practice_screen_cites_a_source():
    """What a pretend phone teaches (hang up, never read the OTP, read the name) rests on the same
    dated sources as the guides; drawn labels not yet seen on a real phone carry a check note."""
    data, problems = check(CONTENT)
    assert data is not None and data.practices, [str(p) for p in problems][:10]
    uncited = [f"{p.slug} screen {i}" for p in data.practices
               for i, s in enumerate(p.screens, 1) if not s.sources]
    assert uncited == []
    assert sum(bool(s.check) for p in data.practices for s in p.screens) >= len(data.practices)
