"""Narration files: how long they play, read from the container headers (no decoder needed).

media.check_audio only looks at the first bytes; this walks the container (WAV chunks, Ogg pages,
WebM/EBML elements, MP3 frames, MP4 boxes) so an empty, broken or over-long file is refused with
a plain message before it is stored. Pure Python on purpose: no ffmpeg on a hamlet's Pi.
"""

from __future__ import annotations

import math
import struct

from kiosk.media.files import CheckedMedia, MediaError, check_audio
from kiosk.problems import N_
from qr.messages import Message

MAX_SECONDS = 5 * 60  # a step or site narration; longer belongs in a video, not the kiosk
MIN_SECONDS = 0.3  # shorter is a mis-tap on "Ghi âm", not speech
# The most sound a second can need, in kbit/s: Opus tops out at 510, MP3 at 320, AAC-LC stereo
# near 512; a phone's speech recording is 32–128. PCM WAV is bounded by 48 kHz × 2 channels ×
# 32 bits. A file far over this × its length carries something else, or lies about its length.
MAX_KBITS = 512
MAX_WAV_KBITS = 48_000 * 2 * 32 // 1000
HEADER_BYTES = 256 * 1024  # container headers, tags and an ID3 cover picture on top of the sound


class AudioError(ValueError):
    """A container we cannot walk (the caller turns it into a Vietnamese message)."""


class DurationError(AudioError):
    """A container whose stated length is not a finite, non-negative number."""


def check_narration(name: str, data: bytes) -> tuple[CheckedMedia, float]:
    """Verify a narration upload or recording: type, size, readable, not empty, not over-long,
    and no bigger than its length can explain (a NaN or lying duration must not pass the limit).

    Returns the checked file and its duration in seconds.

    Raises:
        MediaError: anything wrong, with the reason in Vietnamese.
    """
    checked = check_audio(name, data)
    try:
        seconds = duration(checked.ext, checked.data)
        if not math.isfinite(seconds) or seconds < 0:
            raise DurationError(f"duration {seconds}")
    except DurationError as exc:
        raise MediaError(N_("%(name)s: không đọc được thời lượng của tệp âm thanh (tệp hỏng)"),
                         name=name) from exc
    except (AudioError, struct.error, IndexError, ValueError) as exc:
        raise MediaError(N_("%(name)s: không đọc được tệp âm thanh (tệp hỏng hoặc chưa ghi xong)"),
                         name=name) from exc
    if seconds < MIN_SECONDS:
        raise MediaError(N_("%(name)s: bản ghi rỗng, không có tiếng (dài %(seconds)s giây)"),
                         name=name, seconds=f"{seconds:.1f}")
    if seconds > MAX_SECONDS:
        raise MediaError(N_("%(name)s: bài đọc dài %(length)s, tối đa %(max)s; hãy chia thành bài "
                            "ngắn hơn"), name=name, length=length(seconds), max=length(MAX_SECONDS))
    if len(checked.data) > max_bytes(checked.ext, seconds):
        raise MediaError(N_("%(name)s: tệp quá lớn so với thời lượng (%(size)s KB cho %(seconds)s "
                            "giây); hãy ghi âm lại hoặc xuất lại tệp"), name=name,
                         size=len(data) // 1024, seconds=f"{seconds:.1f}")
    return checked, seconds


def max_bytes(ext: str, seconds: float) -> int:
    """The largest honest file of this type and length (see MAX_KBITS)."""
    kbits = MAX_WAV_KBITS if ext == "wav" else MAX_KBITS
    return HEADER_BYTES + int(kbits * 1000 / 8 * seconds)


def length(seconds: float) -> Message:
    """A recording's length in minutes and seconds ("1 phút 05 giây"; problem_text translates)."""
    whole = round(seconds)
    return Message(N_("%(minutes)s phút %(seconds)s giây"), minutes=whole // 60,
                   seconds=f"{whole % 60:02d}")



def duration(ext: str, data: bytes) -> float:
    """Seconds of sound in a file of the given extension.

    Raises:
        AudioError: the container is broken or not one we know.
    """
    parsers = {"wav": _wav, "ogg": _ogg, "opus": _ogg, "webm": _webm, "mp3": _mp3, "m4a": _mp4}
    if ext not in parsers:
        raise AudioError(f"unknown audio type {ext}")
    return parsers[ext](data)


# -- WAV -------------------------------------------------------------------------------------

def _wav(data: bytes) -> float:
    if data[:4] != b"RIFF" or data[8:12] != b"WAVE":
        raise AudioError("not RIFF/WAVE")
    pos, byte_rate, frames = 12, 0, None
    while pos + 8 <= len(data):
        chunk, size = data[pos:pos + 4], struct.unpack_from("<I", data, pos + 4)[0]
        if chunk == b"fmt ":
            byte_rate = struct.unpack_from("<I", data, pos + 16)[0]
        elif chunk == b"data":
            # A recorder killed mid-way leaves a size past the end: count only what is there.
            frames = min(size, len(data) - pos - 8)
            break
        pos += 8 + size + (size & 1)
    if not byte_rate or frames is None:
        raise AudioError("WAV without fmt or data chunk")
    return frames / byte_rate


# -- Ogg (Opus or Vorbis) --------------------------------------------------------------------

def _ogg(data: bytes) -> float:
    pos, serial, rate, pre_skip, last_granule = 0, None, 0, 0, -1
    while pos < len(data):
        if data[pos:pos + 4] != b"OggS":
            raise AudioError("broken Ogg page")
        granule, page_serial = struct.unpack_from("<qI", data, pos + 6)
        segments = data[pos + 26]
        table = data[pos + 27:pos + 27 + segments]
        if len(table) != segments:
            raise AudioError("truncated Ogg page")
        body = pos + 27 + segments
        if serial is None:
            serial = page_serial
            head = data[body:body + 19]
            if head.startswith(b"OpusHead"):
                rate, pre_skip = 48_000, struct.unpack_from("<H", head, 10)[0]
            elif head.startswith(b"\x01vorbis"):
                rate = struct.unpack_from("<I", head, 12)[0]
            else:
                raise AudioError("Ogg stream is neither Opus nor Vorbis")
        if page_serial == serial and granule >= 0:
            last_granule = granule
        pos = body + sum(table)
        if pos > len(data):
            raise AudioError("truncated Ogg page")
    if not rate or last_granule < 0:
        raise AudioError("Ogg without audio pages")
    return max(0, last_granule - pre_skip) / rate


# -- WebM (what Chromium's MediaRecorder writes) ---------------------------------------------

_SEGMENT, _CLUSTER, _BLOCK_GROUP = 0x18538067, 0x1F43B675, 0xA0
_INFO, _TIMECODE_SCALE, _DURATION = 0x1549A966, 0x2AD7B1, 0x4489
_CLUSTER_TIME, _SIMPLE_BLOCK, _BLOCK, _TRACKS = 0xE7, 0xA3, 0xA1, 0x1654AE6B
_CONTAINERS = {_SEGMENT, _CLUSTER, _BLOCK_GROUP, _INFO}


def _vint(data: bytes, pos: int, keep_marker: bool) -> tuple[int, int, bool]:
    """(value, length, all-ones) of an EBML variable-size integer at pos."""
    first = data[pos]
    length = 1
    while length <= 8 and not first & (0x80 >> (length - 1)):
        length += 1
    if length > 8 or pos + length > len(data):
        raise AudioError("bad EBML number")
    value = first if keep_marker else first & (0xFF >> length)
    for byte in data[pos + 1:pos + length]:
        value = (value << 8) | byte
    all_ones = (first & (0xFF >> length)) == (0xFF >> length) and \
        all(b == 0xFF for b in data[pos + 1:pos + length])
    return value, length, all_ones


def _webm(data: bytes) -> float:
    """Duration from Info/Duration if written, else from the last block's time.

    MediaRecorder streams: it writes no Duration and sizes Segment and Clusters as "unknown", so
    elements are walked flat (a container's children are read in place) rather than nested.
    """
    pos, scale, declared, cluster, last, blocks, tracks = 0, 1_000_000, 0.0, 0, 0, 0, False
    while pos < len(data):
        element, id_len, _ = _vint(data, pos, keep_marker=True)
        size, size_len, unknown = _vint(data, pos + id_len, keep_marker=False)
        start = pos + id_len + size_len
        if element in _CONTAINERS:
            pos = start
            continue
        end = start + size
        if unknown or end > len(data):
            if element in (_SIMPLE_BLOCK, _BLOCK):
                raise AudioError("truncated WebM block")
            break  # trailing junk or a cut-off last element: keep what was read
        payload = data[start:end]
        if element == _TIMECODE_SCALE:
            scale = int.from_bytes(payload, "big")
        elif element == _DURATION:
            declared = struct.unpack(">d" if size == 8 else ">f", payload)[0]
            # max() below would pass NaN through every later comparison: refuse it here.
            if not math.isfinite(declared) or declared < 0:
                raise DurationError(f"WebM duration {declared}")
        elif element == _CLUSTER_TIME:
            cluster = int.from_bytes(payload, "big")
        elif element == _TRACKS:
            tracks = True
        elif element in (_SIMPLE_BLOCK, _BLOCK):
            _, track_len, _ = _vint(payload, 0, keep_marker=False)
            relative = struct.unpack_from(">h", payload, track_len)[0]
            last = max(last, cluster + relative)
            blocks += 1
        pos = end
    if data[:4] != b"\x1a\x45\xdf\xa3" or not tracks:
        raise AudioError("WebM without tracks")
    if not blocks and not declared:
        return 0.0
    # The last block's start plus one Opus frame (20 ms) is the length to within a frame.
    return max(declared * scale, last * scale) / 1e9 + (0.02 if blocks else 0)


# -- MP3 -------------------------------------------------------------------------------------

_MP3_BITRATES = {  # (MPEG-1, Layer III) and (MPEG-2/2.5, Layer III), kbit/s
    1: (0, 32, 40, 48, 56, 64, 80, 96, 112, 128, 160, 192, 224, 256, 320),
    2: (0, 8, 16, 24, 32, 40, 48, 56, 64, 80, 96, 112, 128, 144, 160),
}
_MP3_RATES = {3: (44100, 48000, 32000), 2: (22050, 24000, 16000), 0: (11025, 12000, 8000)}


def _mp3(data: bytes) -> float:
    """Frames counted one by one (exact for VBR), after any ID3v2 tag."""
    pos = 0
    if data[:3] == b"ID3":
        size = data[6:10]
        pos = 10 + ((size[0] << 21) | (size[1] << 14) | (size[2] << 7) | size[3])
    seconds, frames = 0.0, 0
    while pos + 4 <= len(data):
        head = struct.unpack_from(">I", data, pos)[0]
        if head >> 21 != 0x7FF:
            if data[pos:pos + 3] == b"TAG" or frames:
                break  # ID3v1 tag or trailing junk after real frames
            raise AudioError("no MP3 frame")
        version, layer = (head >> 19) & 3, (head >> 17) & 3
        bitrate_index, rate_index, padding = (head >> 12) & 15, (head >> 10) & 3, (head >> 9) & 1
        if version == 1 or layer != 1 or bitrate_index in (0, 15) or rate_index == 3:
            raise AudioError("not an MPEG Layer III frame")
        rate = _MP3_RATES[version][rate_index]
        bitrate = _MP3_BITRATES[1 if version == 3 else 2][bitrate_index] * 1000
        samples = 1152 if version == 3 else 576
        length = samples // 8 * bitrate // rate + padding
        seconds += samples / rate
        frames += 1
        pos += length
    if not frames:
        raise AudioError("no MP3 frame")
    return seconds


# -- M4A (MP4 boxes) -------------------------------------------------------------------------

def _mp4(data: bytes) -> float:
    pos, end = 0, len(data)
    while pos + 8 <= end:
        size, kind = struct.unpack_from(">I4s", data, pos)
        header = 8
        if size == 1:
            size, header = struct.unpack_from(">Q", data, pos + 8)[0], 16
        elif size == 0:
            size = end - pos
        if size < header or pos + size > len(data):
            raise AudioError("broken MP4 box")
        if kind == b"moov":
            pos, end = pos + header, pos + size
            continue
        if kind == b"mvhd":
            version = data[pos + header]
            if version == 1:
                scale, length = struct.unpack_from(">IQ", data, pos + header + 20)
            else:
                scale, length = struct.unpack_from(">II", data, pos + header + 12)
            if not scale:
                raise AudioError("MP4 time scale 0")
            return length / scale
        pos += size
    raise AudioError("MP4 without moov/mvhd")
