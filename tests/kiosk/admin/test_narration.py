"""Narration recorded by the team: durations read from container headers, the admin routes that
keep, replace and remove a recording per step/site and language, the checks that refuse empty,
broken and over-long files, languages the team adds, and the microphone permission."""

from __future__ import annotations

import io
import math
import struct
from pathlib import Path

import pytest

from kiosk import db
from kiosk.admin.languages import check_language
from kiosk.media import audio
from kiosk.media import files as media
from kiosk.store import guides as guide_store
from kiosk.store import languages, sites
from tests.helpers.admin import ADMIN, choose_admin_language, connect, login, make_accounts, post
from tests.helpers.sounds import wav

STEP = "/admin/guides/kich-hoat-vneid/steps/2"
SITE = "/admin/sites/dinh-thu"


def ogg_page(granule: int, body: bytes, serial: int = 7, seq: int = 0) -> bytes:
    """One Ogg page as RFC 3533 lays it out (CRC left 0: durations do not depend on it)."""
    lacing = [255] * (len(body) // 255) + [len(body) % 255]
    return (b"OggS" + bytes([0, 0]) + struct.pack("<qIII", granule, serial, seq, 0)
            + bytes([len(lacing)]) + bytes(lacing) + body)


def ogg_opus(seconds: float, pre_skip: int = 312) -> bytes:
    head = b"OpusHead" + bytes([1, 1]) + struct.pack("<HIhB", pre_skip, 48000, 0, 0)
    tags = b"OpusTags" + struct.pack("<I", 0) + struct.pack("<I", 0)
    audio_pages = [ogg_page(pre_skip + int(seconds * 48000 * k / 2), bytes(40), seq=1 + k)
                   for k in (1, 2)]
    return ogg_page(0, head) + ogg_page(0, tags, seq=1) + b"".join(audio_pages)


def mp3_frames(count: int) -> bytes:
    """MPEG-1 Layer III, 128 kbit/s, 44.1 kHz frames without padding: 417 bytes each (ISO 11172-3)."""
    return b"ID3\x03\x00\x00\x00\x00\x00\x00" + (b"\xff\xfb\x90\x00" + bytes(413)) * count


def test_wav_duration_matches_what_the_wave_module_wrote():
    assert audio.duration("wav", wav(2.5)) == pytest.approx(2.5, abs=0.001)


def test_ogg_opus_duration_is_last_granule_minus_pre_skip():
    assert audio.duration("ogg", ogg_opus(12.0)) == pytest.approx(12.0, abs=0.001)


def test_mp3_duration_counts_frames():
    assert audio.duration("mp3", mp3_frames(100)) == pytest.approx(100 * 1152 / 44100, rel=1e-6)


def test_m4a_duration_from_the_movie_header():
    mvhd = struct.pack(">I4sB3xIIII", 8 + 20, b"mvhd", 0, 0, 0, 1000, 61_500)
    moov = struct.pack(">I4s", 8 + len(mvhd), b"moov") + mvhd
    ftyp = struct.pack(">I4s4sI", 16, b"ftyp", b"M4A ", 0)
    assert audio.duration("m4a", ftyp + moov) == pytest.approx(61.5)


def test_webm_duration_from_blocks_when_the_recorder_wrote_none():
    def element(eid: bytes, payload: bytes) -> bytes:
        return eid + bytes([0x80 | len(payload)]) + payload if len(payload) < 127 else \
            eid + b"\x40" + bytes([len(payload)]) + payload
    unknown = b"\x01\xff\xff\xff\xff\xff\xff\xff"
    ebml = element(b"\x1a\x45\xdf\xa3", element(b"\x42\x82", b"webm"))
    tracks = element(b"\x16\x54\xae\x6b", element(b"\xae", element(b"\xd7", b"\x01")))
    info = element(b"\x15\x49\xa9\x66", element(b"\x2a\xd7\xb1", (1_000_000).to_bytes(3, "big")))

    def cluster(start_ms: int, blocks: list[int]) -> bytes:
        body = element(b"\xe7", start_ms.to_bytes(4, "big"))
        for rel in blocks:
            body += element(b"\xa3", b"\x81" + struct.pack(">h", rel) + b"\x80" + bytes(10))
        return b"\x1f\x43\xb6\x75" + unknown + body
    data = (ebml + b"\x18\x53\x80\x67" + unknown + info + tracks
            + cluster(0, [0, 20, 40]) + cluster(32_000, [0, 20, 5_000]))
    assert audio.duration("webm", data) == pytest.approx(37.02, abs=0.001)
    with pytest.raises(audio.AudioError):
        audio.duration("webm", data[:-5])  # a block cut in half


@pytest.mark.parametrize(("name", "data", "message"), [
    ("a.wav", wav(0.05), "bản ghi rỗng"),
    ("a.wav", wav(audio.MAX_SECONDS + 2), "tối đa 5 phút 00 giây"),
    ("a.wav", b"RIFF\x10\x00\x00\x00WAVEjunkjunk", "không đọc được"),
    ("a.ogg", b"OggS" + bytes(60), "không đọc được"),
    ("a.mp3", b"ID3\x03\x00\x00\x00\x00\x00\x00" + b"\xff\xfb" + bytes(10), "không đọc được"),
    ("a.ogg", b"", "rỗng"),
])
def test_check_narration_refuses_with_a_vietnamese_reason(name, data, message):
    with pytest.raises(media.MediaError, match=message):
        audio.check_narration(name, data)


# -- admin routes ----------------------------------------------------------------------------

def step_audio(app, n=2):
    return guide_store.get_guide(connect(app), "kich-hoat-vneid", published_only=False).steps[n - 1].audio


def test_step_narration_keep_replace_remove(app, member):
    page = member.get(STEP).get_data(as_text=True)
    assert 'id="narration"' in page and "js/recorder.js" in page
    first = wav(1.0)
    response = post(member, "/admin/narration/guides/kich-hoat-vneid/2/vi",
                    {"audio": (io.BytesIO(first), "ghi-am-vi.wav")}, STEP)
    assert response.status_code == 302
    assert response.headers["Location"].endswith(f"{STEP}#narration")
    ref = step_audio(app)["vi"]
    assert ref.hash == media.CheckedMedia(first, "wav", "audio/wav").hash
    assert media.read(Path(app.config["DATA"]), ref.hash, "wav") == first
    second = wav(2.0)
    post(member, "/admin/narration/guides/kich-hoat-vneid/2/vi",
         {"audio": (io.BytesIO(second), "b.wav")}, STEP)
    assert step_audio(app)["vi"].hash != ref.hash
    audit = connect(app).execute("SELECT action, target FROM audit_log ORDER BY id DESC").fetchone()
    assert tuple(audit) == ("lưu bài đọc bước", "kich-hoat-vneid/2")
    post(member, "/admin/narration/guides/kich-hoat-vneid/2/vi", {"action": "delete"}, STEP)
    assert step_audio(app) == {}


def test_refused_recording_is_explained_and_nothing_changes(app, member):
    post(member, "/admin/narration/guides/kich-hoat-vneid/2/en",
         {"audio": (io.BytesIO(wav(1.0)), "a.wav")}, STEP)
    before = step_audio(app)
    response = post(member, "/admin/narration/guides/kich-hoat-vneid/2/en",
                    {"audio": (io.BytesIO(wav(audio.MAX_SECONDS + 1)), "dai.wav")}, STEP)
    assert response.status_code == 400
    text = response.get_data(as_text=True)
    assert 'id="narration-en-error">dai.wav: bài đọc dài 5 phút 01 giây, tối đa 5 phút 00 giây' \
        in text
    assert step_audio(app) == before
    response = post(member, "/admin/narration/guides/kich-hoat-vneid/2/en", {}, STEP)
    assert response.status_code == 400
    assert "hãy ghi âm hoặc chọn một tệp âm thanh" in response.get_data(as_text=True)


def test_unknown_language_step_or_missing_token_is_refused(member):
    wav_file = {"audio": (io.BytesIO(wav(1.0)), "a.wav")}
    assert post(member, "/admin/narration/guides/kich-hoat-vneid/2/fr", wav_file, STEP
                ).status_code == 400
    assert post(member, "/admin/narration/guides/kich-hoat-vneid/9/vi",
                {"audio": (io.BytesIO(wav(1.0)), "a.wav")}, STEP).status_code == 404
    assert member.post("/admin/narration/guides/kich-hoat-vneid/2/vi",
                      data={"audio": (io.BytesIO(wav(1.0)), "a.wav")},
                      content_type="multipart/form-data").status_code == 400


def test_site_narration_plays_on_the_heritage_page_in_the_chosen_language(app, member, client):
    post(member, "/admin/narration/sites/dinh-thu/en", {"audio": (io.BytesIO(wav(1.5)), "en.wav")},
         SITE)
    ref = sites.get_site_by_code(connect(app), "DH7K").audio["en"]
    page = client.get("/heritage/dinh-thu?lang=en").get_data(as_text=True)
    assert f'<audio controls preload="none" src="/media/{ref.hash}.wav">' in page


def test_kiosk_read_aloud_uses_the_recording_of_the_shown_language(app, member, client):
    post(member, "/admin/narration/guides/kich-hoat-vneid/2/en",
         {"audio": (io.BytesIO(wav(1.0)), "en.wav")}, STEP)
    ref = step_audio(app)["en"]
    assert f'data-audio="/media/{ref.hash}.wav"' in client.get(
        "/guides/kich-hoat-vneid/2?lang=en").get_data(as_text=True)
    assert 'data-audio=""' in client.get("/guides/kich-hoat-vneid/2").get_data(as_text=True)


def test_admin_adds_a_language_and_can_record_in_it(app, client):
    make_accounts(app)
    login(client, ADMIN)
    response = post(client, "/admin/languages", {"code": "hnj", "name": " H'Mông "},
                    "/admin/languages")
    assert response.status_code == 302
    names = {lang.code: lang.name for lang in languages.list_languages(connect(app))}
    assert names["hnj"] == "H'Mông"
    assert "H&#39;Mông" in client.get(STEP).get_data(as_text=True)
    post(client, "/admin/narration/guides/kich-hoat-vneid/2/hnj",
         {"audio": (io.BytesIO(wav(1.0)), "a.wav")}, STEP)
    assert set(step_audio(app)) == {"hnj"}
    again = post(client, "/admin/languages", {"code": "hnj", "name": "Mông"}, "/admin/languages")
    assert again.status_code == 400 and "đã có ngôn ngữ mã hnj" in again.get_data(as_text=True)


def test_a_member_cannot_add_a_language(member):
    response = post(member, "/admin/languages", {"code": "tyz", "name": "Tày"}, "/admin/languages")
    assert response.status_code == 403


@pytest.mark.parametrize(("code", "name", "field"), [
    ("Tay", "Tày", "code"), ("t", "Tày", "code"), ("../x", "Tày", "code"), ("vi", "Việt", "code"),
    ("tyz", "", "name"), ("tyz", "T" * 41, "name"), ("tyz", "Tà\u202ey", "name"),
])
def test_language_checks(code, name, field):
    assert field in check_language(code, name, ["vi", "en"])


def test_the_recorders_messages_come_in_the_admins_language(member):
    page = member.get("/admin/narration/guides/kich-hoat-vneid/2").get_data(as_text=True)
    assert 'data-recording="Đang ghi âm… bấm Dừng khi đọc xong (tối đa {max})."' in page
    choose_admin_language(member, "en")
    page = member.get("/admin/narration/guides/kich-hoat-vneid/2").get_data(as_text=True)
    assert 'data-recorded="Recorded {time}. Listen, then keep it or record again."' in page
    assert ">● Record</button>" in page


def test_microphone_allowed_on_admin_pages_only(member, client):
    assert "microphone=(self)" in member.get(STEP).headers["Permissions-Policy"]
    public = client.get("/heritage/dinh-thu").headers["Permissions-Policy"]
    assert "microphone=()" in public


def test_recording_in_an_added_language_exports_as_a_valid_pack(app, client, tmp_path):
    from kiosk.packs.check import check
    from kiosk.packs.export import export_pack, pack_files
    from kiosk.packs.importer import import_pack

    make_accounts(app)
    login(client, ADMIN)
    post(client, "/admin/languages", {"code": "tyz", "name": "Tày"}, "/admin/languages")
    post(client, "/admin/narration/guides/kich-hoat-vneid/2/tyz",
         {"audio": (io.BytesIO(wav(1.0)), "a.wav")}, STEP)
    post(client, "/admin/narration/sites/dinh-thu/tyz",
         {"audio": (io.BytesIO(wav(2.0)), "b.wav")}, SITE)
    conn, data_dir = connect(app), Path(app.config["DATA"])
    export_pack(conn, data_dir, tmp_path / "out")
    pack, problems = check(tmp_path / "out")
    assert [p for p in problems if p.level == "error"] == []
    data2 = tmp_path / "data2"
    data2.mkdir()
    conn2 = db.open_database(data2)
    import_pack(conn2, data2, pack)
    assert pack_files(conn2, data2) == pack_files(conn, data_dir)
    guide = guide_store.get_guide(conn2, "kich-hoat-vneid", published_only=False)
    assert set(guide.steps[1].audio) == {"tyz"}


# -- lengths that lie ------------------------------------------------------------------------

def ebml(eid: bytes, payload: bytes) -> bytes:
    """One EBML element with an 8-byte size, so any payload length fits."""
    return eid + b"\x01" + len(payload).to_bytes(7, "big") + payload


def webm(declared: float | None, block_bytes: int = 10) -> bytes:
    """A WebM file with an Info/Duration (ms, 8-byte float) when declared, and two blocks."""
    info = ebml(b"\x2a\xd7\xb1", (1_000_000).to_bytes(3, "big"))
    if declared is not None:
        info += ebml(b"\x44\x89", struct.pack(">d", declared))
    tracks = ebml(b"\xae", ebml(b"\xd7", b"\x01"))
    blocks = b"".join(ebml(b"\xa3", b"\x81" + struct.pack(">h", rel) + b"\x80" + bytes(block_bytes))
                      for rel in (0, 980))
    cluster = ebml(b"\x1f\x43\xb6\x75", ebml(b"\xe7", (0).to_bytes(4, "big")) + blocks)
    segment = ebml(b"\x15\x49\xa9\x66", info) + ebml(b"\x16\x54\xae\x6b", tracks) + cluster
    return ebml(b"\x1a\x45\xdf\xa3", ebml(b"\x42\x82", b"webm")) + ebml(b"\x18\x53\x80\x67", segment)


def test_honest_webm_with_a_declared_duration_is_kept():
    _checked, seconds = audio.check_narration("a.webm", webm(1000.0))
    assert seconds == pytest.approx(1.0, abs=0.03)


@pytest.mark.parametrize(("name", "data", "message"), [
    ("nan.webm", webm(math.nan), "không đọc được thời lượng"),
    ("inf.webm", webm(math.inf), "không đọc được thời lượng"),
    ("negative.webm", webm(-5e9), "không đọc được thời lượng"),
    # One second of sound carrying megabytes: in a block, or after the last MP3 frame.
    ("big.webm", webm(1000.0, block_bytes=3 * 1024 * 1024), "quá lớn so với thời lượng"),
    ("junk.mp3", mp3_frames(40) + bytes(3 * 1024 * 1024), "quá lớn so với thời lượng"),
    ("junk.wav", wav(1.0) + b"LIST" + struct.pack("<I", 3 * 1024 * 1024)
     + bytes(3 * 1024 * 1024), "quá lớn so với thời lượng"),
])
def test_narration_whose_length_lies_is_refused(name, data, message):
    with pytest.raises(media.MediaError, match=message):
        audio.check_narration(name, data)


def test_nan_webm_upload_is_refused_and_nothing_is_stored(app, member):
    response = post(member, "/admin/narration/guides/kich-hoat-vneid/2/vi",
                    {"audio": (io.BytesIO(webm(math.nan)), "ghi-am.webm")}, STEP)
    assert response.status_code == 400
    assert "ghi-am.webm: không đọc được thời lượng" in response.get_data(as_text=True)
    assert step_audio(app) == {}
