"""Plain, frozen records the views and printables mappers work with (no Flask, no SQL)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

# A translated text: language code → text. Vietnamese ("vi") is always present where required.
I18n = Mapping[str, str]

DEFAULT_LANG = "vi"

# The groups the teams teach, in the order of the home screen (the five basic digital skills of the
# national movement, then VNeID which they teach on its own).
CATEGORIES: tuple[str, ...] = (
    "public-services", "shopping", "payment", "safety", "platforms", "vneid",
)


def pick(text: I18n, lang: str) -> tuple[str, bool]:
    """The text in `lang`, else Vietnamese; the flag says whether it fell back."""
    value = text.get(lang)
    if value:
        return value, False
    return text.get(DEFAULT_LANG, ""), lang != DEFAULT_LANG and bool(text)


@dataclass(frozen=True)
class Language:
    code: str
    name: str


@dataclass(frozen=True)
class MediaRef:
    hash: str
    ext: str
    name: str

    @property
    def filename(self) -> str:
        return f"{self.hash}.{self.ext}"


@dataclass(frozen=True)
class Step:
    position: int
    title: I18n
    body: I18n
    tip: I18n = field(default_factory=dict)
    warning: I18n = field(default_factory=dict)
    image: MediaRef | None = None
    audio: Mapping[str, MediaRef] = field(default_factory=dict)
    check_note: I18n = field(default_factory=dict)  # what the team should verify, per language
    sources: tuple[str, ...] = ()   # ids of the pack's sources this step's facts come from
    review_langs: tuple[str, ...] = ()  # translations written before the Vietnamese last changed


def _texts(step: Step, lang: str) -> tuple[str, ...]:
    return tuple(t.get(lang, "") for t in (step.title, step.body, step.tip, step.warning))


def translations_to_review(before: Step | None, after: Step) -> tuple[str, ...]:
    """The languages of `after` whose translation no longer matches its Vietnamese: the
    Vietnamese changed (now or before) and that language's texts were not saved since.

    One rule for the admin step editor and pack import.
    """
    if before is None:
        return ()
    vi_changed = _texts(before, "vi") != _texts(after, "vi")
    langs = {lang for text in (after.title, after.body, after.tip, after.warning)
             for lang, value in text.items() if value and lang != "vi"}
    return tuple(sorted(
        lang for lang in langs
        if _texts(before, lang) == _texts(after, lang)
        and (vi_changed or lang in before.review_langs)))


@dataclass(frozen=True)
class Guide:
    slug: str
    category: str
    position: int
    published: bool
    title: I18n
    summary: I18n
    needs: tuple[I18n, ...] = ()
    sources: tuple[str, ...] = ()
    icon: MediaRef | None = None
    step_count: int = 0
    steps: tuple[Step, ...] = ()


@dataclass(frozen=True)
class Source:
    """Where a guide's facts come from; `checked` is when the team last compared them (YYYY-MM-DD)."""

    id: str
    title: str
    url: str
    publisher: str = ""
    published: str = ""   # YYYY, YYYY-MM or YYYY-MM-DD as the source gives it, or ""
    checked: str = ""


@dataclass(frozen=True)
class GlossaryEntry:
    """A word residents may not know, with a short plain explanation per language."""

    term: str
    explanation: I18n


@dataclass(frozen=True)
class PracticeTarget:
    """A place to tap on a pretend-phone screen, in the drawing's viewBox coordinates."""

    rect: tuple[float, float, float, float]  # x, y, width, height
    right: bool
    feedback: I18n  # shown after the tap: why it is right, or why it is wrong


@dataclass(frozen=True)
class PracticePad:
    """A screen where the real app needs typing: a big number pad, no keyboard."""

    answer: str  # the digits to type (a pretend value the screen itself shows)
    feedback: I18n


@dataclass(frozen=True)
class PracticeScreen:
    image: MediaRef  # an SVG drawn like the step illustrations
    prompt: I18n  # what to do on this screen
    hint: I18n  # after a wrong tap (after two, the right target is highlighted)
    targets: tuple[PracticeTarget, ...] = ()  # exactly one is right, unless there is a pad
    pad: PracticePad | None = None
    check_note: str = ""  # for the team: what to confirm on a real phone (labels, layout)
    sources: tuple[str, ...] = ()  # ids in the pack's sources.yaml for what the screen shows


@dataclass(frozen=True)
class Practice:
    """A guide's safe pretend phone: screens to tap through, in order."""

    guide_slug: str
    title: I18n
    screens: tuple[PracticeScreen, ...]


QUIZ_KINDS: tuple[str, ...] = ("sms", "zalo", "call", "web")
QUIZ_ANSWERS: tuple[str, ...] = ("scam", "safe")


@dataclass(frozen=True)
class QuizItem:
    """One "Thật hay lừa?" item: a message as it appears, and whether it is a scam."""

    id: str  # short, stable: counts are kept per id
    kind: str  # one of QUIZ_KINDS: how it is drawn (SMS, Zalo chat, call transcript, web page)
    sender: I18n  # the sender line, caller or page address as the resident sees it
    text: I18n
    answer: str  # one of QUIZ_ANSWERS
    explain: I18n  # one sentence: why
    sources: tuple[str, ...] = ()  # ids in the pack's sources.yaml
    image: MediaRef | None = None
    retired: bool = False


@dataclass(frozen=True)
class Photo:
    media: MediaRef
    caption: I18n


@dataclass(frozen=True)
class HeritageSite:
    code: str
    slug: str
    position: int
    name: I18n
    summary: I18n
    category: I18n = field(default_factory=dict)
    story: I18n = field(default_factory=dict)
    directions: I18n = field(default_factory=dict)
    year: str = ""
    lat: float | None = None
    lon: float | None = None
    retired: bool = False
    photos: tuple[Photo, ...] = ()
    audio: Mapping[str, MediaRef] = field(default_factory=dict)
    old_slugs: tuple[str, ...] = ()
    demo: bool = False


@dataclass(frozen=True)
class Shop:
    code: str
    name: str
    bank_bin: str
    account: str
    holder: str
    owner: str = ""
    amount: int | None = None
    purpose: str = ""
    demo: bool = False


@dataclass(frozen=True)
class User:
    id: int
    name: str
    role: str
    disabled: bool = False
    ui_lang: str = "vi"  # the language of the admin's words for this account
