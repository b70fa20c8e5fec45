"""The admin preview of a step is the kiosk's step: same text, same recording, same fallbacks."""

from __future__ import annotations

import dataclasses
import re
from pathlib import Path

import pytest

from kiosk.db import transaction
from kiosk.media import files as media
from kiosk.models import MediaRef
from kiosk.store import guides as guide_store
from kiosk.store import languages
from tests.helpers.admin import MEMBER, connect, login, make_accounts
from tests.helpers.sounds import wav

SLUG = "kich-hoat-vneid"


def record(app, n: int, langs: list[str]) -> dict[str, str]:
    """Give step n a recording in each of `langs`; returns their media hashes by language."""
    conn = connect(app)
    with transaction(conn):
        languages.add_language(conn, "tyz", "Tày")  # no step text is translated into Tày
        step = guide_store.get_step(conn, SLUG, n)
        audio = {}
        for i, lang in enumerate(langs):
            checked = media.check_audio(f"{lang}.wav", wav(1.0 + i))
            digest = media.store(conn, Path(app.config["DATA"]), checked)
            audio[lang] = MediaRef(digest, checked.ext, f"step-02-{lang}.wav")
        guide_store.save_step(conn, SLUG, dataclasses.replace(step, audio=audio))
    conn.close()
    return {lang: ref.hash for lang, ref in audio.items()}


def main_part(page: str) -> str:
    """The step itself: what sits between the kiosk's top and bottom bars, and its read-aloud
    button (in the bottom bar, between the arrows that the preview keeps inside the admin)."""
    main = re.search(r"<main id=\"main\".*?</main>", page, re.S)
    button = re.search(r"<button type=\"button\" id=\"read-aloud\".*?</button>", page, re.S)
    assert main and button, page
    return main.group(0) + button.group(0)


def both(app, client, n: int, lang: str) -> tuple[str, str]:
    make_accounts(app)
    member = app.test_client()
    login(member, MEMBER)
    kiosk = client.get(f"/guides/{SLUG}/{n}?lang={lang}")
    preview = member.get(f"/admin/guides/{SLUG}/preview/{n}?lang={lang}")
    assert (kiosk.status_code, preview.status_code) == (200, 200)
    return main_part(kiosk.get_data(as_text=True)), main_part(preview.get_data(as_text=True))


@pytest.mark.parametrize("recorded", [["vi"], ["vi", "tyz"]])
def test_preview_shows_the_kiosk_step(app, client, recorded):
    record(app, 2, recorded)
    kiosk, preview = both(app, client, 2, "tyz")
    assert preview == kiosk


def test_untranslated_language_plays_its_own_recording_in_the_preview_too(app, client):
    hashes = record(app, 2, ["vi", "tyz"])
    _kiosk, preview = both(app, client, 2, "tyz")
    assert hashes["tyz"] in re.search(r'data-audio="([^"]*)"', preview).group(1)


def test_only_a_vietnamese_recording_is_played_under_the_vietnamese_text(app, client):
    hashes = record(app, 2, ["vi"])
    _kiosk, preview = both(app, client, 2, "tyz")
    assert hashes["vi"] in re.search(r'data-audio="([^"]*)"', preview).group(1)
    assert 'data-speech-lang="vi"' in preview
