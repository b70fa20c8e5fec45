"""The commune machine takes in hamlets' monthly bundles (CLI and upload page share this).

Each file is read and checked in full (kiosk.commune.bundle); a hamlet is known by the public key
the commune registered after comparing fingerprints with the hamlet's stats page. For one hamlet
and month, only a newer bundle (later created_at) replaces the stored one, so a replayed or
re-sent older file changes nothing. All accepted files are written in one transaction: a batch is
imported whole or not at all.
"""

from __future__ import annotations

import sqlite3
import unicodedata
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from kiosk.commune.bundle import Bundle, BundleError, read_bundle
from kiosk.db import transaction
from kiosk.store import commune as commune_store

MAX_FILES = 500  # 40 hamlets × 12 months, with room to spare
# A bundle made later than this after the commune's clock comes from a machine whose clock is
# wrong: stored, it would count as newer than every correction the hamlet sends afterwards.
CLOCK_SLACK = timedelta(days=1)

NEW, REPLACED, SAME, OLDER, UNKNOWN, REFUSED = "new", "replaced", "same", "older", "unknown", "refused"
ACCEPTED = (NEW, REPLACED)


@dataclass(frozen=True)
class Outcome:
    name: str  # the file's name, as given
    status: str  # one of NEW … REFUSED
    message: str  # one Vietnamese sentence for the officer
    bundle: Bundle | None = None


def _stamp(now: datetime | None) -> str:
    return (now or datetime.now(UTC)).astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def _label(b: Bundle) -> str:
    return f"thôn {b.hamlet} tháng {b.month[5:]}/{b.month[:4]}"


def import_bundles(db: sqlite3.Connection, files: list[tuple[str, bytes]], member: str,
                   register: frozenset[str] = frozenset(),
                   now: datetime | None = None) -> list[Outcome]:
    """Check every file and store the ones that are new or newer, in one transaction.

    `register` holds fingerprints the officer confirmed: a bundle from an unknown key whose
    fingerprint is among them registers its hamlet first. Returns one Outcome per file, in order.
    """
    if len(files) > MAX_FILES:
        return [Outcome(name, REFUSED, f"quá nhiều tệp một lần (tối đa {MAX_FILES})")
                for name, _ in files]
    outcomes: list[Outcome | None] = []
    readable: list[tuple[int, str, Bundle]] = []
    stamp = _stamp(now)
    latest = _stamp((now or datetime.now(UTC)) + CLOCK_SLACK)
    for index, (name, data) in enumerate(files):
        try:
            found = read_bundle(data)
        except BundleError as exc:
            outcomes.append(Outcome(name, REFUSED, f"không nhận: {exc}"))
            continue
        if found.created_at > latest:
            outcomes.append(Outcome(name, REFUSED, f"không nhận: {_label(found)} lập lúc "
                                    f"{found.created_at}, ở tương lai so với máy của xã ({stamp}):"
                                    " đồng hồ máy của thôn sai; nhờ thôn chỉnh giờ rồi tạo lại tệp."))
            continue
        readable.append((index, name, found))
        outcomes.append(None)
    # Oldest first, so that when one batch holds two files of a hamlet's month the newer wins.
    readable.sort(key=lambda r: r[2].created_at)
    with transaction(db):
        for index, name, bundle in readable:
            outcomes[index] = _take(db, name, bundle, member, register, stamp)
    return [o for o in outcomes if o is not None]


def _take(db: sqlite3.Connection, name: str, b: Bundle, member: str, register: frozenset[str],
          stamp: str) -> Outcome:
    hamlet = commune_store.get_hamlet(db, b.public_key)
    if hamlet is None and b.fingerprint not in register:
        return Outcome(name, UNKNOWN, f"{_label(b)}: thôn chưa đăng ký. Mã nhận diện trong tệp là "
                       f"{b.fingerprint}: hãy đối chiếu với trang Số liệu của thôn rồi xác nhận."
                       + _namesakes(db, b), b)
    # Names come from the hamlet's newest file only: a re-sent old file, or a late one for an
    # earlier month, must not undo a renaming.
    latest = commune_store.latest_created_at(db, b.public_key)
    if hamlet is None or latest is None or b.created_at > latest:
        commune_store.register_hamlet(db, commune_store.Hamlet(
            b.public_key, b.fingerprint, b.hamlet, b.commune, b.province, stamp, member))
    held = commune_store.report_created_at(db, b.public_key, b.month)
    if held is not None and held >= b.created_at:
        status = SAME if held == b.created_at else OLDER
        why = "đã có đúng bản này" if status == SAME else f"đã có bản mới hơn (lập lúc {held})"
        return Outcome(name, status, f"{_label(b)}: {why}, không thay đổi gì.", b)
    commune_store.save_report(db, b.public_key, b.month, b.created_at, b.payload, b.signature,
                              stamp)
    if held is None:
        return Outcome(name, NEW, f"{_label(b)}: đã nhận.", b)
    return Outcome(name, REPLACED, f"{_label(b)}: đã thay bằng bản mới hơn (lập lúc "
                   f"{b.created_at}).", b)


def _namesakes(db: sqlite3.Connection, b: Bundle) -> str:
    """A warning when registered hamlets already bear this name: the file may be an impostor's
    (or the hamlet's new machine, set up without restoring its backup)."""
    same = [h.fingerprint for h in commune_store.list_hamlets(db)
            if _looks(h.name) == _looks(b.hamlet)]
    if not same:
        return ""
    return (f" Chú ý: thôn “{b.hamlet}” đã đăng ký với mã khác ({', '.join(same)}); chỉ đăng ký "
            "mã mới khi chính thôn đó xác nhận đã đổi máy mà không khôi phục bản sao lưu.")


def _looks(name: str) -> str:
    """A name as the eye reads it: no-break spaces, case and spacing ignored."""
    return " ".join(unicodedata.normalize("NFKC", name).casefold().split())


def stored_bundles(db: sqlite3.Connection, first_month: str, last_month: str) -> list[Bundle]:
    """The bundles stored for months first..last, each checked again (signature included)."""
    out = []
    for report in commune_store.list_reports(db, first_month, last_month):
        try:
            out.append(read_bundle(report.document))
        except BundleError:
            continue  # a restored backup re-checks rows; nothing damaged reaches a total
    return out
