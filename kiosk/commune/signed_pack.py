"""Vetted guides from the commune: a content pack signed with the commune's key.

The commune exports its guides, practices, quiz items and the sources they cite as an ordinary
pack plus `signature.json`: the sha256 of every other file and an Ed25519 signature over that
list. A hamlet that pinned the commune's key imports such a pack as an *update*: guides and quiz
items that came from that key (or are new) are replaced or added; the hamlet's own guides, its
heritage sites, shops and settings are never touched. A pack that is unsigned, signed by another
key or changed after signing is refused, with the reason, before anything is written.
"""

from __future__ import annotations

import hashlib
import json
import re
import sqlite3
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from pathlib import Path, PurePosixPath
from typing import Any

from nacl.signing import SigningKey

from kiosk.commune import identity
from kiosk.db import transaction
from kiosk.packs import importer
from kiosk.packs.check import check_source
from kiosk.packs.export import pack_files
from kiosk.packs.files import open_source
from kiosk.packs.shapes import PackData
from kiosk.problems import N_, Problem, Report, problem
from kiosk.store import commune as commune_store
from kiosk.store import quiz as quiz_store
from kiosk.store import sources as source_store

SIGNATURE_FILE = "signature.json"
FORMAT = "langso-signed-pack"
FORMAT_VERSION = 1
CONTEXT = b"langso-signed-pack-v1\x00"
MAX_SIGNATURE_BYTES = 1024 * 1024
_STAMP = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}Z")  # compared as text
# What a commune update may hold: guides (with their practices) and quiz items, the sources they
# cite and the pack header. Sites, shops, settings and glossary belong to the hamlet.
ALLOWED_TOP = frozenset({"pack.yaml", "sources.yaml", "guides", "quiz", SIGNATURE_FILE})


class SignedPackError(ValueError):
    """The pack cannot be used as an update; `problems` lists every reason (a page shows each
    with problem_text, the CLI reads the Vietnamese of the first three)."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = list(problems)
        super().__init__("; ".join(_text(p) for p in problems[:3]) or "gói cập nhật không dùng được")


def _text(p: Problem) -> str:
    """A problem in one line of Vietnamese; a problem about the whole pack names no file."""
    return str(p) if p.file else p.message


def _refuse(message: str, file: str = "", **values: object) -> SignedPackError:
    """The error for one reason: `message` is a msgid marked with N_, `values` fill it in."""
    return SignedPackError([problem(file, message, **values)])


# --- the commune: export -----------------------------------------------------------------------

def guide_files(db: sqlite3.Connection, data_dir: Path) -> dict[str, bytes]:
    """The commune's guides, practices, quiz items and sources as pack files (nothing else)."""
    return {rel: data for rel, data in pack_files(db, data_dir).items()
            if PurePosixPath(rel).parts[0] in ALLOWED_TOP}


def _listing(files: dict[str, bytes]) -> dict[str, str]:
    return {rel: hashlib.sha256(data).hexdigest() for rel, data in sorted(files.items())}


def _canonical(head: dict[str, Any]) -> bytes:
    return json.dumps(head, ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode()


def sign_files(files: dict[str, bytes], key: SigningKey, signer: str,
               now: datetime | None = None) -> dict[str, bytes]:
    """`files` plus signature.json naming every file's sha256, signed by `key`."""
    head = {"format": FORMAT, "format_version": FORMAT_VERSION, "signer": signer,
            "public_key": identity.public_key_text(key.verify_key),
            "signed_at": (now or datetime.now(UTC)).astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
            "files": _listing(files)}
    head["signature"] = identity.sign(key, CONTEXT, _canonical(head))
    return {**files, SIGNATURE_FILE: (json.dumps(head, ensure_ascii=False, indent=1,
                                                 sort_keys=True) + "\n").encode()}


# --- the hamlet: read, plan, apply ---------------------------------------------------------------

@dataclass(frozen=True)
class SignedPack:
    pack: PackData
    public_key: str
    fingerprint: str
    signer: str
    signed_at: str


def read_signed_pack(path: Path) -> SignedPack:
    """Check the signature over every file, then the pack itself.

    Raises:
        SignedPackError: unsigned, altered after signing, holding more than guides and quiz
            items, or a pack with errors (every reason).
    """
    report = Report()
    source = open_source(Path(path), report)
    if source is None:
        raise SignedPackError(report.problems)
    try:
        head = _signature_head(source)
        files = {rel: source.read(rel) for rel in source.sizes if rel != SIGNATURE_FILE}
        if (problems := _listing_problems(head["files"], files)):
            raise SignedPackError(problems)
        key = identity.verify_key_from_text(head["public_key"])
        signature = head.pop("signature")
        if not identity.verify(key, CONTEXT, _canonical(head), signature):
            raise _refuse(N_("chữ ký không khớp: gói đã bị sửa sau khi xã ký"))
        if extra := sorted({PurePosixPath(r).parts[0] for r in files} - ALLOWED_TOP):
            raise _refuse(N_("gói cập nhật của xã chỉ chứa hướng dẫn và câu đố; có thêm "
                             "%(extra)s"), extra=", ".join(extra))
        source.sizes.pop(SIGNATURE_FILE)
        data, problems = check_source(source, report)
    except identity.IdentityError as exc:
        raise SignedPackError([problem(SIGNATURE_FILE, exc.template, **dict(exc.params))]) from exc
    finally:
        source.close()
    if data is None:
        raise SignedPackError([p for p in problems if p.level == "error"])
    return SignedPack(data, head["public_key"], identity.fingerprint(key), head["signer"],
                      head["signed_at"])


def _signature_head(source) -> dict[str, Any]:
    if not source.exists(SIGNATURE_FILE):
        raise _refuse(N_("gói không có chữ ký của xã (signature.json): không dùng để cập nhật "
                         "được; gói đầy đủ thì nhập bằng “Nhập gói nội dung”"))
    if source.sizes[SIGNATURE_FILE] > MAX_SIGNATURE_BYTES:
        raise _refuse(N_("tệp quá lớn"), SIGNATURE_FILE)
    try:
        head = json.loads(source.read(SIGNATURE_FILE).decode("utf-8"))
        _canonical(head)  # a lone surrogate ("\ud800") can be neither checked nor shown
    except (UnicodeDecodeError, ValueError) as exc:  # UnicodeEncodeError is a ValueError
        raise _refuse(N_("không đọc được (%(why)s)"), SIGNATURE_FILE, why=str(exc)) from exc
    keys = {"format", "format_version", "signer", "public_key", "signed_at", "files", "signature"}
    if not isinstance(head, dict) or set(head) != keys or head["format"] != FORMAT \
            or head["format_version"] != FORMAT_VERSION or not isinstance(head["files"], dict) \
            or not all(isinstance(head[k], str) for k in ("signer", "public_key", "signed_at",
                                                          "signature")) \
            or len(head["signer"]) > 120 or not _STAMP.fullmatch(head["signed_at"]):
        raise _refuse(N_("không đúng dạng chữ ký gói của Làng Số"), SIGNATURE_FILE)
    return head


def _listing_problems(listed: dict[str, Any], files: dict[str, bytes]) -> list[Problem]:
    problems = [problem(rel, N_("có trong gói nhưng chữ ký không ghi (được thêm sau khi ký)"))
                for rel in sorted(set(files) - set(listed))]
    problems += [problem(rel, N_("chữ ký có ghi nhưng gói không có (bị xoá sau khi ký)"))
                 for rel in sorted(set(listed) - set(files))]
    problems += [problem(rel, N_("nội dung đã bị sửa sau khi ký"))
                 for rel in sorted(set(files) & set(listed))
                 if hashlib.sha256(files[rel]).hexdigest() != listed[rel]]
    return problems


@dataclass(frozen=True)
class UpdatePlan:
    """What an update will do, shown to the team before it does it."""

    new_guides: tuple[str, ...]
    replaced_guides: tuple[str, ...]
    kept_guides: tuple[str, ...]  # same slug as a guide of the hamlet's own: left alone
    new_items: tuple[str, ...]
    replaced_items: tuple[str, ...]
    kept_items: tuple[str, ...]

    @property
    def changes(self) -> int:
        return (len(self.new_guides) + len(self.replaced_guides) + len(self.new_items)
                + len(self.replaced_items))


def untrusted(db: sqlite3.Connection, signed: SignedPack, confirm: str = "") -> Problem | None:
    """Why this pack's key may not update this hamlet (None when it may).

    With no key pinned yet, `confirm` must be the pack's fingerprint, as the commune gave it.
    """
    pinned = commune_store.pinned_key(db)
    if pinned is None:
        if confirm.strip().upper() != signed.fingerprint:
            return problem("", N_("thôn chưa tin khóa nào của xã. Gói này do “%(signer)s” ký, mã "
                                  "nhận diện %(code)s: hãy đối chiếu với mã xã đưa rồi xác nhận"),
                           signer=signed.signer, code=signed.fingerprint)
        return None
    if pinned.public_key != signed.public_key:
        return problem("", N_("gói do một khóa khác ký (%(code)s), không phải khóa của "
                              "%(signer)s (%(pinned)s) mà thôn tin: không cập nhật"),
                       code=signed.fingerprint, signer=pinned.signer, pinned=pinned.fingerprint)
    if signed.signed_at < pinned.signed_at:
        return problem("", N_("gói này ký lúc %(signed)s, cũ hơn gói thôn đã cập nhật (ký lúc "
                              "%(pinned)s): không cập nhật lùi về bản cũ"),
                       signed=signed.signed_at, pinned=pinned.signed_at)
    return None


def trust_problem(db: sqlite3.Connection, signed: SignedPack, confirm: str = "") -> str | None:
    """untrusted() in Vietnamese, for the command line."""
    found = untrusted(db, signed, confirm)
    return found.message if found else None


def plan_update(db: sqlite3.Connection, signed: SignedPack) -> UpdatePlan:
    guides = commune_store.origins(db, "guides")
    items = commune_store.origins(db, "quiz_items")

    def split(idents: list[str], origin: dict[str, str]):
        new = tuple(i for i in idents if i not in origin)
        replaced = tuple(i for i in idents if origin.get(i) == signed.public_key)
        kept = tuple(i for i in idents if i in origin and origin[i] != signed.public_key)
        return new, replaced, kept

    return UpdatePlan(*split([g.slug for g in signed.pack.guides], guides),
                      *split([q.id for q in signed.pack.quiz or []], items))


SOURCE_PREFIX = "xa."  # the commune's sources beside the hamlet's own: "xa.S1" next to "S1"
MAX_SOURCE_ID = 40  # kiosk.packs.sources.SOURCE_ID


def with_commune_source_ids(pack: PackData) -> PackData:
    """The pack with its sources renamed `xa.<id>` and every citation rewritten to match.

    Source ids like S1 are generic: the commune's S1 is not the hamlet's S1, and saving it under
    the same id would change what the hamlet's own guides cite.

    Raises:
        SignedPackError: a source id too long to take the prefix.
    """
    if long := [s.id for s in pack.sources if len(SOURCE_PREFIX + s.id) > MAX_SOURCE_ID]:
        raise _refuse(N_("mã nguồn quá dài để thêm tiền tố %(prefix)s: %(ids)s (tối đa %(max)s "
                         "ký tự)"), prefix=repr(SOURCE_PREFIX), ids=", ".join(long[:3]),
                      max=MAX_SOURCE_ID - len(SOURCE_PREFIX))

    def ids(cited) -> list[str]:
        return [SOURCE_PREFIX + i for i in cited]

    def step(s):
        return replace(s, sources=ids(s.sources))

    def screen(s):
        return replace(s, sources=ids(s.sources))

    return replace(
        pack,
        sources=[replace(s, id=SOURCE_PREFIX + s.id) for s in pack.sources],
        guides=[replace(g, sources=ids(g.sources), steps=[step(s) for s in g.steps])
                for g in pack.guides],
        practices=[replace(p, screens=[screen(s) for s in p.screens]) for p in pack.practices],
        quiz=[replace(q, sources=ids(q.sources)) for q in pack.quiz or []])


def apply_update(db: sqlite3.Connection, data_dir: Path, signed: SignedPack, member: str,
                 confirm: str = "", now: datetime | None = None) -> UpdatePlan:
    """Apply the plan in one transaction (pinning the key on a first, confirmed import).

    Raises:
        SignedPackError: the key is not trusted (see untrusted).
    """
    if reason := untrusted(db, signed, confirm):
        raise SignedPackError([reason])
    plan = plan_update(db, signed)
    pack = with_commune_source_ids(signed.pack)
    take_guides = set(plan.new_guides) | set(plan.replaced_guides)
    take_items = set(plan.new_items) | set(plan.replaced_items)
    stamp = (now or datetime.now(UTC)).astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    with transaction(db):
        if commune_store.pinned_key(db) is None:
            commune_store.pin_key(db, commune_store.PinnedKey(
                signed.public_key, signed.fingerprint, signed.signer, stamp, member))
        commune_store.record_pack_time(db, signed.signed_at)
        refs = importer.store_media(db, data_dir, pack)
        source_store.save_sources(db, pack.sources)
        practices = {p.slug: p for p in pack.practices}
        for guide in pack.guides:
            if guide.slug in take_guides:
                importer.import_guide_with_practice(db, guide, practices.get(guide.slug), refs)
                commune_store.set_origin(db, "guides", guide.slug, signed.public_key)
        for position, item in enumerate(pack.quiz or [], start=1):
            if item.id in take_items:
                quiz_store.save_quiz_item(db, importer.quiz_item(item, refs), position=position)
                commune_store.set_origin(db, "quiz_items", item.id, signed.public_key)
    return plan
