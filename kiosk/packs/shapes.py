"""The data shapes of a checked content pack, and the limits every editor shares with the format.

kiosk.packs.check fills them from a pack's files; kiosk.packs.importer writes them to the database;
the admin editors use the same limits, so what the admin saves always exports as a valid pack.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from kiosk.media import files as media
from kiosk.models import GlossaryEntry, PracticePad, PracticeTarget, Shop, Source

MAX_STEPS = 20
# Bidirectional overrides make text display differently from what it says; no language here needs
# them (zero-width joiners and spaces stay allowed: Khmer and other scripts use them).
BIDI_CONTROLS = frozenset("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
TEXT_LIMITS = {"title": 120, "summary": 400, "text": 700, "tip": 400, "warning": 400,
               "name": 120, "category": 60, "directions": 600, "caption": 200, "need": 120,
               "check": 600}


@dataclass
class StepData:
    title: dict[str, str]
    body: dict[str, str]
    tip: dict[str, str]
    warning: dict[str, str]
    image: str | None           # pack-relative path
    audio: dict[str, str]       # lang → pack-relative path
    check: dict[str, str]  # vi (the team reads it) and optionally en
    sources: list[str] = field(default_factory=list)   # ids in the pack's sources.yaml


@dataclass
class GuideData:
    slug: str
    category: str
    position: int
    published: bool
    title: dict[str, str]
    summary: dict[str, str]
    needs: list[dict[str, str]]
    sources: list[str]
    icon: str | None
    steps: list[StepData]


@dataclass
class SiteData:
    slug: str
    code: str
    position: int
    name: dict[str, str]
    summary: dict[str, str]
    category: dict[str, str]
    story: dict[str, str]
    directions: dict[str, str]
    year: str
    lat: float | None
    lon: float | None
    retired: bool
    photos: list[tuple[str, dict[str, str]]]   # (pack-relative path, caption)
    audio: dict[str, str]
    old_slugs: list[str]
    demo: bool = False


@dataclass
class PracticeScreenData:
    image: str | None   # pack-relative path
    prompt: dict[str, str]
    hint: dict[str, str]
    targets: list[PracticeTarget] = field(default_factory=list)
    pad: PracticePad | None = None
    check: str = ""
    sources: list[str] = field(default_factory=list)   # ids in the pack's sources.yaml


@dataclass
class PracticeData:
    slug: str
    title: dict[str, str]
    screens: list[PracticeScreenData]


@dataclass
class QuizItemData:
    id: str
    kind: str
    sender: dict[str, str]
    text: dict[str, str]
    answer: str
    explain: dict[str, str]
    sources: list[str]
    image: str | None   # pack-relative path
    retired: bool


@dataclass
class PackData:
    """A checked pack, ready to import; media holds every referenced file, verified."""

    id: str
    version: int
    title: dict[str, str]
    languages: dict[str, str]
    settings: dict[str, Any]
    intro: dict[str, str]
    guides: list[GuideData] = field(default_factory=list)
    sites: list[SiteData] = field(default_factory=list)
    shops: list[Shop] = field(default_factory=list)
    media: dict[str, media.CheckedMedia] = field(default_factory=dict)
    sources: list[Source] = field(default_factory=list)     # sources.yaml, in file order
    glossary: list[GlossaryEntry] | None = None             # glossary.yaml; None: no such file
    practices: list[PracticeData] = field(default_factory=list)   # guides/<slug>/practice.yaml
    quiz: list[QuizItemData] | None = None                  # quiz/items.yaml; None: no such file
    ui: dict[str, str] | None = None                        # ui/<lang>.po texts; None: no ui/
