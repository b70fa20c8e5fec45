"""The signed monthly file a hamlet sends its commune (USB stick, Zalo file, e-mail).

A bundle is a small JSON document: {"payload": {...}, "signature": "<base64>"}. The payload holds
the hamlet's identity (names and public key), the month, the team's activity figures per skill,
the kiosk's usage totals, practice and quiz totals and the app version — numbers only, never a
resident's name or a team member's. The signature is Ed25519 over CONTEXT + the payload's
canonical JSON (sorted keys, no spaces, UTF-8), so the file may be re-indented or re-saved by an
editor without breaking it, but any changed value does.

read_bundle() checks a file as strictly as a form: size first, then JSON with no duplicate keys,
then every field's type and range, then the signature against the key the payload names. Whether
that key belongs to a hamlet the commune registered is the commune's question (kiosk.commune).
"""

from __future__ import annotations

import json
import re
import sqlite3
import unicodedata
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from nacl.signing import SigningKey

from kiosk.commune import identity
from kiosk.problems import N_, Explained
from kiosk.reporting import activity, usage, usage_totals
from kiosk.store import settings as setting_store
from qr.messages import Message

FORMAT = "langso-monthly-bundle"
FORMAT_VERSION = 1
CONTEXT = b"langso-monthly-bundle-v1\x00"
MAX_BYTES = 64 * 1024  # a month's figures take about 2 KB
MAX_COUNT = 10_000_000  # more than any hamlet's month: a damaged or made-up file
MAX_NAME = 80
USAGE_KEYS = ("kiosk_sessions", "guide_opens", "guide_completions", "heritage_scans", "shop_views")
# [0-9], not \d: \d also takes fullwidth and other digits, which sort after every real date.
_MONTH = re.compile(r"[0-9]{4}-(0[1-9]|1[0-2])")
_STAMP = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}Z")
_VERSION = re.compile(r"[0-9A-Za-z.+_-]{1,40}")


class BundleError(ValueError):
    """A bundle that cannot be used; `problems` lists every reason (msgids and values).

    str() is the Vietnamese the CLI prints, the reasons joined by "; "; `template` and `params`
    join them the same way for a page (kiosk.web.i18n.problem_text translates each reason).
    """

    def __init__(self, problems: list[Message]) -> None:
        self.problems = list(problems) or [Message(N_("tệp báo cáo không dùng được"))]
        names = [f"p{i}" for i in range(len(self.problems))]
        self.template = "; ".join(f"%({name})s" for name in names)  # not a msgid: only a join
        self.params = tuple(zip(names, self.problems, strict=True))
        super().__init__("; ".join(str(p) for p in self.problems))


@dataclass(frozen=True)
class Bundle:
    """A checked bundle: the figures, and who signed them."""

    hamlet: str
    commune: str
    province: str
    public_key: str  # base64, as identity.public_key_text writes it
    fingerprint: str
    month: str  # YYYY-MM
    created_at: str  # UTC, YYYY-MM-DDTHH:MM:SSZ
    app_version: str
    households: int | None  # households living in the hamlet, when the team set it
    skills: dict[str, tuple[int, int, int]]  # skill key → (entries, people, households guided)
    usage: dict[str, int]  # USAGE_KEYS → total
    shops_with_qr: int
    practice: tuple[int, int]  # started, finished
    quiz: tuple[int, int]  # answers, right answers
    payload: dict[str, Any]  # exactly what was signed (kept to store and re-export)
    signature: str

    @property
    def households_guided(self) -> int:
        return sum(h for _, _, h in self.skills.values())

    @property
    def coverage(self) -> float | None:
        """Share of the hamlet's households guided this month (None when the size is unknown)."""
        if not self.households:
            return None
        return self.households_guided / self.households


def canonical(payload: dict[str, Any]) -> bytes:
    """The bytes a signature covers: one JSON spelling of the payload."""
    return json.dumps(payload, ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode()


# --- making one (the hamlet) -------------------------------------------------------------------

def build_payload(db: sqlite3.Connection, month: str, key: SigningKey, app_version: str,
                  now: datetime | None = None) -> dict[str, Any]:
    """The month's figures from the database, ready to sign.

    Raises:
        ValueError: month is not YYYY-MM (Vietnamese message).
    """
    first, last = activity.check_month(month)
    settings = setting_store.get_settings(db)
    span = (first.isoformat(), last.isoformat())

    def total(event: str) -> int:
        return sum(n for _, n in usage_totals.daily_totals(db, event, first, last.day))

    answers = usage_totals.top_subjects(db, usage.QUIZ_ANSWER, *span, limit=100_000)
    return {
        "format": FORMAT, "format_version": FORMAT_VERSION,
        "hamlet": {"name": settings["hamlet"], "commune": settings["commune"],
                   "province": settings["province"],
                   "public_key": identity.public_key_text(key.verify_key)},
        "month": first.isoformat()[:7],
        "created_at": (now or datetime.now(UTC)).astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
        "app_version": app_version,
        "households": settings.get("households") or None,
        "skills": {skill: {"entries": e, "people": p, "households": h}
                   for skill, _, e, p, h in activity.totals_by_skill(db, first, last)},
        "usage": {"kiosk_sessions": total(usage.SESSION), "guide_opens": total(usage.GUIDE_OPEN),
                  "guide_completions": total(usage.GUIDE_DONE),
                  "heritage_scans": total(usage.HERITAGE_SCAN),
                  "shop_views": total(usage.SHOP_VIEW)},
        "shops_with_qr": db.execute("SELECT COUNT(*) FROM shops WHERE demo = 0").fetchone()[0],
        "practice": {"started": total(usage.PRACTICE_START),
                     "finished": total(usage.PRACTICE_DONE)},
        "quiz": {"answers": sum(n for _, n in answers),
                 "right": sum(n for s, n in answers if s.endswith("/right"))},
    }


def sign_bundle(payload: dict[str, Any], key: SigningKey) -> bytes:
    """The file to send: the payload and its signature, indented so a person can read it."""
    document = {"payload": payload, "signature": identity.sign(key, CONTEXT, canonical(payload))}
    return (json.dumps(document, ensure_ascii=False, indent=1, sort_keys=True) + "\n").encode()


def file_name(bundle_payload: dict[str, Any]) -> str:
    """A name that says whose and which month: bao-cao-thon-dong-2026-11.json."""
    name = unicodedata.normalize("NFD", bundle_payload["hamlet"]["name"]).replace("đ", "d")
    slug = re.sub(r"[^a-z0-9]+", "-", "".join(c for c in name.replace("Đ", "D").lower()
                                                  if not unicodedata.combining(c))).strip("-")
    return f"bao-cao-{slug[:40] or 'thon'}-{bundle_payload['month']}.json"


# --- reading one (the commune) -----------------------------------------------------------------

def _no_duplicates(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    keys = [k for k, _ in pairs]
    if len(set(keys)) != len(keys):
        raise Explained(N_("có khóa lặp lại"))
    return dict(pairs)


class _Checker:
    """Collects every problem of a payload, naming the field."""

    def __init__(self) -> None:
        self.problems: list[Message] = []

    def wrong(self, field: str, message: str, **values: object) -> None:
        """`message` is a msgid (marked with N_) about the field, `values` fill it."""
        self.problems.append(Message(message, field=field, **values))

    def table(self, value: Any, field: str, keys: tuple[str, ...]) -> dict[str, Any]:
        if not isinstance(value, dict):
            self.wrong(field, N_("%(field)s: phải là một bảng"))
            return {}
        if missing := [k for k in keys if k not in value]:
            self.wrong(field, N_("%(field)s: thiếu %(keys)s"), keys=", ".join(missing))
        if extra := sorted(set(value) - set(keys)):
            self.wrong(field, N_("%(field)s: có mục lạ %(keys)s"), keys=", ".join(extra[:5]))
        return value

    def count(self, value: Any, field: str) -> int:
        # bool is an int in Python; a JSON true is not a count.
        if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= MAX_COUNT:
            self.wrong(field, N_("%(field)s: phải là số nguyên từ 0 đến %(max)s"), max=MAX_COUNT)
            return 0
        return value

    def text(self, value: Any, field: str, required: bool = True) -> str:
        if not isinstance(value, str) or len(value) > MAX_NAME:
            self.wrong(field, N_("%(field)s: phải là chữ, tối đa %(max)s ký tự"), max=MAX_NAME)
            return ""
        if required and not value.strip():
            self.wrong(field, N_("%(field)s: không được để trống"))
        # Cs: a lone surrogate ("\ud800" in JSON) that UTF-8, and so the signature check, cannot
        # encode. Cf: invisible format characters (zero-width space, bidi override) that make a
        # name look like another hamlet's.
        if unicodedata.normalize("NFC", value) != value or any(
                unicodedata.category(c) in ("Cc", "Cs", "Cf") for c in value):
            self.wrong(field, N_("%(field)s: có ký tự không hợp lệ"))
        return value

    def pattern(self, value: Any, field: str, rule: re.Pattern, example: str) -> str:
        if not isinstance(value, str) or not rule.fullmatch(value):
            self.wrong(field, N_("%(field)s: sai dạng (ví dụ %(example)s)"), example=example)
            return ""
        return value


def read_bundle(data: bytes) -> Bundle:
    """A bundle file checked in full and its signature verified against the key it names.

    Raises:
        BundleError: every reason it cannot be used (str() in Vietnamese).
    """
    if len(data) > MAX_BYTES:
        raise BundleError([Message(N_("tệp quá lớn (%(size)s KB): báo cáo tháng chỉ vài KB"),
                                   size=len(data) // 1024)])
    try:
        document = json.loads(data.decode("utf-8"), object_pairs_hook=_no_duplicates)
    except (UnicodeDecodeError, ValueError) as exc:
        raise BundleError([Message(N_("không phải tệp báo cáo Làng Số (JSON hỏng: %(why)s)"),
                                   why=exc)]) from exc
    check = _Checker()
    top = check.table(document, "tệp", ("payload", "signature"))
    payload = check.table(top.get("payload"), "payload",
                          ("format", "format_version", "hamlet", "month", "created_at",
                           "app_version", "households", "skills", "usage", "shops_with_qr",
                           "practice", "quiz"))
    if check.problems:
        raise BundleError(check.problems)
    if payload["format"] != FORMAT or payload["format_version"] != FORMAT_VERSION:
        raise BundleError([Message(N_("không phải báo cáo tháng Làng Số bản %(version)s"),
                                   version=FORMAT_VERSION)])
    hamlet = check.table(payload["hamlet"], "hamlet", ("name", "commune", "province",
                                                       "public_key"))
    names = [check.text(hamlet.get(k), f"hamlet.{k}") for k in ("name", "commune", "province")]
    month = check.pattern(payload["month"], "month", _MONTH, "2026-11")
    created = check.pattern(payload["created_at"], "created_at", _STAMP, "2026-12-01T08:00:00Z")
    version = check.pattern(payload["app_version"], "app_version", _VERSION, "0.1.0")
    households = payload["households"]
    if households is not None:
        households = check.count(households, "households")
    skill_keys = tuple(k for k, _ in activity.SKILLS)
    skills = {}
    for skill, row in check.table(payload["skills"], "skills", skill_keys).items():
        if skill in skill_keys:
            row = check.table(row, f"skills.{skill}", ("entries", "people", "households"))
            skills[skill] = tuple(check.count(row.get(k), f"skills.{skill}.{k}")
                                  for k in ("entries", "people", "households"))
    used = check.table(payload["usage"], "usage", USAGE_KEYS)
    usage_totals = {k: check.count(used.get(k), f"usage.{k}") for k in USAGE_KEYS}
    shops = check.count(payload["shops_with_qr"], "shops_with_qr")
    practice = check.table(payload["practice"], "practice", ("started", "finished"))
    quiz = check.table(payload["quiz"], "quiz", ("answers", "right"))
    started, finished = (check.count(practice.get(k), f"practice.{k}")
                         for k in ("started", "finished"))
    answers, right = (check.count(quiz.get(k), f"quiz.{k}") for k in ("answers", "right"))
    if right > answers:
        check.wrong("quiz.right", N_("%(field)s: nhiều hơn số câu trả lời"))
    if created and month and created[:7] < month:
        check.wrong("created_at", N_("%(field)s: trước cả tháng báo cáo"))
    try:
        key = identity.verify_key_from_text(hamlet.get("public_key"))
    except identity.IdentityError as exc:
        check.wrong("hamlet.public_key", N_("%(field)s: %(why)s"), why=exc)
        key = None
    if check.problems:
        raise BundleError(check.problems)
    assert key is not None
    if not identity.verify(key, CONTEXT, canonical(payload), top["signature"]):
        raise BundleError([Message(N_("chữ ký không khớp: tệp đã bị sửa sau khi thôn ký, hoặc "
                                      "bị hỏng"))])
    return Bundle(*names, public_key=hamlet["public_key"], fingerprint=identity.fingerprint(key),
                  month=month, created_at=created, app_version=version, households=households,
                  skills=skills, usage=usage_totals, shops_with_qr=shops,
                  practice=(started, finished), quiz=(answers, right), payload=payload,
                  signature=top["signature"])

