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
from kiosk.problems import N_
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
    message: str  # one Vietnamese sentence for the officer, values filled in
    bundle: Bundle | None = None
    template: str = ""  # the msgid `message` was made from, with its values: for translating
    params: tuple[tuple[str, object], ...] = ()  # (the page shows it with problem_text)


def _outcome(name: str, status: str, message: str, bundle: Bundle | None = None,
             **values: object) -> Outcome:
    """An Outcome whose message is the msgid `message` (marked with N_) filled with `values`."""
    return Outcome(name, status, message % values, bundle, message, tuple(values.items()))


def _stamp(now: datetime | None) -> str:
    return (now or datetime.now(UTC)).astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def _about(b: Bundle) -> dict[str, str]:
    """The values every message about a bundle names: its hamlet and month."""
    return {"hamlet": b.hamlet, "month": b.month[5:], "year": b.month[:4]}


def import_bundles(db: sqlite3.Connection, files: list[tuple[str, bytes]], member: str,
                   register: frozenset[str] = frozenset(),
                   now: datetime | None = None) -> list[Outcome]:
    """Check every file and store the ones that are new or newer, in one transaction.

    `register` holds fingerprints the officer confirmed: a bundle from an unknown key whose
    fingerprint is among them registers its hamlet first. Returns one Outcome per file, in order.
    """
    if len(files) > MAX_FILES:
        return [_outcome(name, REFUSED, N_("quá nhiều tệp một lần (tối đa %(max)s)"), max=MAX_FILES)
                for name, _ in files]
    outcomes: list[Outcome | None] = []
    readable: list[tuple[int, str, Bundle]] = []
    stamp = _stamp(now)
    latest = _stamp((now or datetime.now(UTC)) + CLOCK_SLACK)
    for index, (name, data) in enumerate(files):
        try:
            found = read_bundle(data)
        except BundleError as exc:
            outcomes.append(_outcome(name, REFUSED, N_("không nhận: %(why)s"), why=exc))
            continue
        if found.created_at > latest:
            outcomes.append(_outcome(
                name, REFUSED, N_("không nhận: thôn %(hamlet)s tháng %(month)s/%(year)s lập lúc "
                                  "%(made)s, ở tương lai so với máy của xã (%(now)s): đồng hồ máy "
                                  "của thôn sai; nhờ thôn chỉnh giờ rồi tạo lại tệp."),
                made=found.created_at, now=stamp, **_about(found)))
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
        same = _namesakes(db, b)
        if same:
            return _outcome(name, UNKNOWN, N_(
                "thôn %(hamlet)s tháng %(month)s/%(year)s: thôn chưa đăng ký. Mã nhận diện trong "
                "tệp là %(code)s: hãy đối chiếu với trang Số liệu của thôn rồi xác nhận. Chú ý: "
                "thôn “%(hamlet)s” đã đăng ký với mã khác (%(others)s); chỉ đăng ký mã mới khi "
                "chính thôn đó xác nhận đã đổi máy mà không khôi phục bản sao lưu."),
                b, code=b.fingerprint, others=", ".join(same), **_about(b))
        return _outcome(name, UNKNOWN, N_(
            "thôn %(hamlet)s tháng %(month)s/%(year)s: thôn chưa đăng ký. Mã nhận diện trong tệp "
            "là %(code)s: hãy đối chiếu với trang Số liệu của thôn rồi xác nhận."),
            b, code=b.fingerprint, **_about(b))
    # Names come from the hamlet's newest file only: a re-sent old file, or a late one for an
    # earlier month, must not undo a renaming.
    latest = commune_store.latest_created_at(db, b.public_key)
    if hamlet is None or latest is None or b.created_at > latest:
        commune_store.register_hamlet(db, commune_store.Hamlet(
            b.public_key, b.fingerprint, b.hamlet, b.commune, b.province, stamp, member))
    held = commune_store.report_created_at(db, b.public_key, b.month)
    if held is not None and held >= b.created_at:
        if held == b.created_at:
            return _outcome(name, SAME, N_("thôn %(hamlet)s tháng %(month)s/%(year)s: đã có đúng "
                                           "bản này, không thay đổi gì."), b, **_about(b))
        return _outcome(name, OLDER, N_("thôn %(hamlet)s tháng %(month)s/%(year)s: đã có bản mới "
                                        "hơn (lập lúc %(made)s), không thay đổi gì."),
                        b, made=held, **_about(b))
    commune_store.save_report(db, b.public_key, b.month, b.created_at, b.payload, b.signature,
                              stamp)
    if held is None:
        return _outcome(name, NEW, N_("thôn %(hamlet)s tháng %(month)s/%(year)s: đã nhận."), b,
                        **_about(b))
    return _outcome(name, REPLACED, N_("thôn %(hamlet)s tháng %(month)s/%(year)s: đã thay bằng "
                                       "bản mới hơn (lập lúc %(made)s)."),
                    b, made=b.created_at, **_about(b))


def _namesakes(db: sqlite3.Connection, b: Bundle) -> list[str]:
    """The fingerprints of registered hamlets that already bear this name, for a warning: the
    file may be an impostor's (or the hamlet's new machine, set up without restoring its backup)."""
    return [h.fingerprint for h in commune_store.list_hamlets(db)
            if _looks(h.name) == _looks(b.hamlet)]


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
