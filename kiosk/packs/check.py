"""Content packs: check every file, then import all-or-nothing (the format: docs/content-packs.md)."""

from __future__ import annotations

from pathlib import Path, PurePosixPath
from typing import Any

from kiosk.codes import LANG, SLUG, SLUG_RULE, check_code, check_public_url
from kiosk.models import CATEGORIES, Shop
from kiosk.packs.fields import FieldChecker, line_of
from kiosk.packs.files import PackSource, load_yaml, open_source, read_text
from kiosk.packs.glossary import load_glossary
from kiosk.packs.practice import load_practice
from kiosk.packs.quiz import load_quiz
from kiosk.packs.shapes import MAX_STEPS, TEXT_LIMITS, GuideData, PackData, SiteData, StepData
from kiosk.packs.shops_csv import parse_csv
from kiosk.packs.sources import check_citations, load_sources
from kiosk.packs.ui_po import load_ui_catalogs
from kiosk.problems import N_, PackError, Problem, Report, in_order
from kiosk.store.settings import MAX_HOUSEHOLDS, REQUIRED_SETTINGS, SETTING_DEFAULTS, VOICE_REGIONS
from kiosk.timekeeping.localtime import check_timezone
from qr.messages import Message


class _Checker(FieldChecker):
    """Walks one pack, filling a Report; helpers return cleaned values or None."""

    source_ids: frozenset[str] = frozenset()  # the ids sources.yaml defines (read before the guides)

    # -- the pack's files -------------------------------------------------------------------

    def pack_yaml(self) -> tuple[str, int, dict[str, str]] | None:
        data = load_yaml(self.source, "pack.yaml", self.report)
        if data is None or not self.keys("pack.yaml", data, {"id", "version", "title", "languages"},
                                         {"id", "version", "languages"}):
            return None
        languages = data.get("languages")
        if isinstance(languages, dict) and languages:
            self.languages = {}
            for code, name in languages.items():
                if not isinstance(code, str) or not LANG.match(code):
                    self.report.error("pack.yaml", f"mã ngôn ngữ {code!r} không hợp lệ (ví dụ vi, en,"
                                      " tay, hmn)", f"languages.{code}", line_of(languages, code))
                elif not isinstance(name, str) or not name.strip():
                    self.report.error("pack.yaml", "cần tên ngôn ngữ", f"languages.{code}",
                                      line_of(languages, code))
                else:
                    self.languages[code] = self.nfc("pack.yaml", name.strip(),
                                                    f"languages.{code}", line_of(languages, code))
            if "vi" not in self.languages:
                self.report.error("pack.yaml", "phải có tiếng Việt (vi)", "languages",
                                  line_of(data, "languages"))
                self.languages = {"vi": "Tiếng Việt", **self.languages}
        else:
            self.report.error("pack.yaml", "phải liệt kê ngôn ngữ, ví dụ  vi: Tiếng Việt",
                              "languages", line_of(data, "languages"))
        pack_id = data.get("id")
        if not isinstance(pack_id, str) or not SLUG.match(pack_id):
            self.report.error("pack.yaml", f"id phải là {SLUG_RULE}", "id",
                              line_of(data, "id"))
            pack_id = ""
        version = self.integer("pack.yaml", data, "version", "", 1, 1, 10**9)
        title = self.text("pack.yaml", data, "title", "", required=False, limit=120)
        return pack_id, version, title

    def settings_yaml(self) -> dict[str, Any]:
        file = "settings.yaml"
        data = load_yaml(self.source, file, self.report)
        required = set(REQUIRED_SETTINGS)
        if data is None or not self.keys(file, data, set(SETTING_DEFAULTS), required):
            return {}
        result: dict[str, Any] = {}
        for key in (*REQUIRED_SETTINGS, "wifi_name", "wifi_password"):
            if key in data:
                value = data[key]
                if not isinstance(value, str) or (key in required and not value.strip()):
                    self.report.error(file, "phải là chữ, không để trống", key, line_of(data, key))
                    continue
                result[key] = self.nfc(file, value.strip(), key, line_of(data, key))
        if "public_base_url" in data:
            url = data["public_base_url"]
            reason = (check_public_url(url) if isinstance(url, str)
                      else Message(N_("phải là địa chỉ web")))
            if reason:
                self.report.error(file, reason.template, "public_base_url",
                                  line_of(data, "public_base_url"), **dict(reason.params))
            else:
                result["public_base_url"] = url.strip().rstrip("/")
        if "idle_timeout" in data:
            result["idle_timeout"] = self.integer(file, data, "idle_timeout", "", 90, 30, 900)
        if "voice_region" in data:
            if data["voice_region"] in VOICE_REGIONS:
                result["voice_region"] = data["voice_region"]
            else:
                self.report.error(file, "phải là bac, trung hoặc nam", "voice_region",
                                  line_of(data, "voice_region"))
        if "speech_rate" in data:
            result["speech_rate"] = self.integer(file, data, "speech_rate", "", 90, 50, 150)
        if "households" in data:
            result["households"] = self.integer(file, data, "households", "", 0, 0, MAX_HOUSEHOLDS)
        if "timezone" in data:
            zone = data["timezone"]
            if reason := check_timezone(zone) if isinstance(zone, str) else \
                    Message(N_("phải là tên múi giờ")):
                self.report.error(file, reason.template, "timezone", line_of(data, "timezone"),
                                  **dict(reason.params))
            else:
                result["timezone"] = zone
        return result

    def guide(self, slug: str) -> GuideData | None:
        folder = f"guides/{slug}"
        file = f"{folder}/guide.yaml"
        data = load_yaml(self.source, file, self.report)
        allowed = {"category", "position", "icon", "published", "title", "summary", "needs",
                   "sources", "steps"}
        if data is None or not self.keys(file, data, allowed, {"category", "title", "summary",
                                                                "steps"}):
            return None
        category = data.get("category")
        if category not in CATEGORIES:
            self.report.error(file, f"nhóm {category!r} không có (dùng: {', '.join(CATEGORIES)})",
                              "category", line_of(data, "category"))
        needs = []
        raw_needs = data.get("needs", [])
        if not isinstance(raw_needs, list):
            self.report.error(file, "phải là danh sách", "needs", line_of(data, "needs"))
            raw_needs = []
        for i, item in enumerate(raw_needs):
            needs.append(self.i18n(file, item, f"needs[{i + 1}]", getattr(item, "line", None),
                                   limit=TEXT_LIMITS["need"]))
        sources = check_citations(self, file, data, "", self.source_ids)
        steps_raw = data.get("steps")
        steps: list[StepData] = []
        if not isinstance(steps_raw, list) or not 1 <= len(steps_raw) <= MAX_STEPS:
            self.report.error(file, f"cần từ 1 đến {MAX_STEPS} bước", "steps", line_of(data, "steps"))
            steps_raw = steps_raw if isinstance(steps_raw, list) else []
        for i, raw in enumerate(steps_raw[:MAX_STEPS]):
            step = self.step(file, folder, raw, f"steps[{i + 1}]")
            if step:
                steps.append(step)
        icon = self.file_ref(file, folder, data, "icon", "", "image") if "icon" in data else None
        return GuideData(
            slug=slug,
            category=category if isinstance(category, str) else "",
            position=self.integer(file, data, "position", "", 0, 0, 10_000),
            published=self.boolean(file, data, "published", "", True),
            title=self.text(file, data, "title", "", limit=TEXT_LIMITS["title"], need_en=True),
            summary=self.text(file, data, "summary", "", limit=TEXT_LIMITS["summary"], need_en=True),
            needs=needs, sources=list(sources), icon=icon, steps=steps,
        )

    def step(self, file: str, folder: str, raw: Any, where: str) -> StepData | None:
        allowed = {"title", "text", "tip", "warning", "image", "audio", "check", "sources"}
        if not self.keys(file, raw, allowed, {"title", "text"}, where):
            return None
        # A note for the team: Vietnamese, and the English it was written from if any
        # ({vi: …, en: …}); a plain string is read as Vietnamese.
        check = raw.get("check", "")
        if isinstance(check, str):
            check = {"vi": check.strip()} if check.strip() else {}
        elif isinstance(check, dict):
            check = self.text(file, raw, "check", where, required=False, limit=TEXT_LIMITS["check"])
        else:
            self.report.error(file, "phải là chữ, hoặc {vi: …, en: …}", f"{where}.check",
                              line_of(raw, "check"))
            check = {}
        return StepData(
            title=self.text(file, raw, "title", where, limit=TEXT_LIMITS["title"]),
            body=self.text(file, raw, "text", where, limit=TEXT_LIMITS["text"]),
            tip=self.text(file, raw, "tip", where, required=False, limit=TEXT_LIMITS["tip"]),
            warning=self.text(file, raw, "warning", where, required=False,
                              limit=TEXT_LIMITS["warning"]),
            image=self.file_ref(file, folder, raw, "image", where, "image") if "image" in raw
            else None,
            audio=self.audio_map(file, folder, raw, "audio", where),
            check=check,
            sources=check_citations(self, file, raw, where, self.source_ids),
        )

    def site(self, slug: str) -> SiteData | None:
        folder = f"heritage/{slug}"
        file = f"{folder}/site.yaml"
        data = load_yaml(self.source, file, self.report)
        allowed = {"code", "position", "name", "summary", "category", "year", "location",
                   "directions", "photos", "audio", "old_slugs", "retired", "demo"}
        if data is None or not self.keys(file, data, allowed, {"code", "name", "summary"}):
            return None
        code = str(data.get("code", "")).upper()
        if reason := check_code(code):
            self.report.error(file, reason.template, "code", line_of(data, "code"),
                              **dict(reason.params))
        year = data.get("year", "")
        if isinstance(year, int) and not isinstance(year, bool):
            year = str(year)
        if not isinstance(year, str):
            self.report.error(file, "phải là chữ, ví dụ \"1835\" hay \"thế kỷ XVIII\"", "year",
                              line_of(data, "year"))
            year = ""
        lat = lon = None
        if "location" in data:
            lat, lon = self.location(file, data)
        photos = []
        raw_photos = data.get("photos", [])
        if not isinstance(raw_photos, list):
            self.report.error(file, "phải là danh sách ảnh", "photos", line_of(data, "photos"))
            raw_photos = []
        for i, raw in enumerate(raw_photos):
            where = f"photos[{i + 1}]"
            if self.keys(file, raw, {"file", "caption"}, {"file"}, where):
                rel = self.file_ref(file, folder, raw, "file", where, "image")
                caption = self.text(file, raw, "caption", where, required=False,
                                    limit=TEXT_LIMITS["caption"])
                if rel:
                    photos.append((rel, caption))
        old = data.get("old_slugs", [])
        if not isinstance(old, list) or not all(isinstance(s, str) and SLUG.match(s) for s in old):
            self.report.error(file, "phải là danh sách đường dẫn cũ (chữ thường, gạch nối)",
                              "old_slugs", line_of(data, "old_slugs"))
            old = []
        story: dict[str, str] = {}
        for lang in self.languages:
            rel = f"{folder}/story.{lang}.md"
            if self.source.exists(rel):
                self.referenced.add(rel)
                text = read_text(self.source, rel, self.report)
                if text is not None:
                    story[lang] = text.strip() + "\n"
        if "vi" not in story:
            self.report.error(folder, "thiếu tệp story.vi.md (câu chuyện tiếng Việt)")
        return SiteData(
            slug=slug, code=code,
            position=self.integer(file, data, "position", "", 0, 0, 10_000),
            name=self.text(file, data, "name", "", limit=TEXT_LIMITS["name"]),
            summary=self.text(file, data, "summary", "", limit=TEXT_LIMITS["summary"]),
            category=self.text(file, data, "category", "", required=False,
                               limit=TEXT_LIMITS["category"]),
            story=story,
            directions=self.text(file, data, "directions", "", required=False,
                                 limit=TEXT_LIMITS["directions"]),
            year=year.strip(), lat=lat, lon=lon,
            retired=self.boolean(file, data, "retired", "", False),
            demo=self.boolean(file, data, "demo", "", False),
            photos=photos, audio=self.audio_map(file, folder, data, "audio", ""),
            old_slugs=list(old),
        )

    def location(self, file: str, data: dict) -> tuple[float | None, float | None]:
        loc = data["location"]
        if not self.keys(file, loc, {"lat", "lon"}, {"lat", "lon"}, "location"):
            return None, None
        values = []
        for key, limit in (("lat", 90), ("lon", 180)):
            v = loc.get(key)
            if isinstance(v, bool) or not isinstance(v, int | float) or not -limit <= v <= limit:
                self.report.error(file, f"phải là số độ từ -{limit} đến {limit}",
                                  f"location.{key}", line_of(loc, key))
                return None, None
            values.append(float(v))
        return values[0], values[1]


def _folders(source: PackSource, top: str) -> list[str]:
    names = {PurePosixPath(rel).parts[1] for rel in source.sizes
             if rel.startswith(f"{top}/") and len(PurePosixPath(rel).parts) > 2}
    return sorted(names)


def check(path: Path) -> tuple[PackData | None, list[Problem]]:
    """Read and check a whole pack; returns the data (None if any error) and every problem."""
    report = Report()
    source = open_source(Path(path), report)
    if source is None:
        return None, report.problems
    try:
        return _check_source(source, report)
    finally:
        source.close()


def check_source(source: PackSource, report: Report) -> tuple[PackData | None, list[Problem]]:
    """check() for a pack already opened (a signed update reads its signature first)."""
    return _check_source(source, report)


def _check_source(source: PackSource, report: Report) -> tuple[PackData | None, list[Problem]]:
    checker = _Checker(source, report)
    head = checker.pack_yaml()
    checker.referenced.update({"pack.yaml", "settings.yaml"})
    settings = checker.settings_yaml() if source.exists("settings.yaml") else {}
    sources = load_sources(checker)
    checker.source_ids = frozenset(s.id for s in sources)
    glossary = load_glossary(checker)
    guides, sites, practices = [], [], []
    for slug in _folders(source, "guides"):
        if not SLUG.match(slug):
            report.error(f"guides/{slug}", f"tên thư mục phải là {SLUG_RULE}")
            continue
        checker.referenced.add(f"guides/{slug}/guide.yaml")
        if (guide := checker.guide(slug)) is not None:
            guides.append(guide)
        if (practice := load_practice(checker, slug, checker.source_ids)) is not None:
            practices.append(practice)
    for slug in _folders(source, "heritage"):
        if not SLUG.match(slug):
            report.error(f"heritage/{slug}", f"tên thư mục phải là {SLUG_RULE}")
            continue
        checker.referenced.add(f"heritage/{slug}/site.yaml")
        if (site := checker.site(slug)) is not None:
            sites.append(site)
    _check_site_identity(sites, report)
    intro = {}
    for lang in checker.languages:
        rel = f"heritage/intro.{lang}.md"
        if source.exists(rel):
            checker.referenced.add(rel)
            if (text := read_text(source, rel, report)) is not None:
                intro[lang] = text.strip() + "\n"
    quiz = load_quiz(checker, checker.source_ids)
    ui = load_ui_catalogs(checker)
    shops: list[Shop] = []
    if source.exists("shops.csv"):
        checker.referenced.add("shops.csv")
        if (text := read_text(source, "shops.csv", report)) is not None:
            shops = parse_csv(text, "shops.csv", report)
    for rel in sorted(set(source.sizes) - checker.referenced):
        report.warn(rel, "tệp này không được dùng đến")
    if report.has_errors or head is None:
        return None, in_order(report.problems)
    pack_id, version, title = head
    return PackData(pack_id, version, title, checker.languages, settings, intro, guides, sites,
                    shops, checker.media, sources, glossary, practices, quiz, ui), in_order(report.problems)


def _check_site_identity(sites: list[SiteData], report: Report) -> None:
    codes: dict[str, str] = {}
    slugs = {s.slug for s in sites}
    for site in sites:
        file = f"heritage/{site.slug}/site.yaml"
        if site.code in codes:
            report.error(file, f"mã {site.code} trùng với heritage/{codes[site.code]}", "code")
        codes.setdefault(site.code, site.slug)
        for old in site.old_slugs:
            if old in slugs:
                report.error(file, f"'{old}' đang là đường dẫn của một di tích khác", "old_slugs")


def load(path: Path) -> PackData:
    """A checked pack ready to import.

    Raises:
        PackError: anything is wrong; .problems lists all of it.
    """
    data, problems = check(path)
    if data is None:
        raise PackError(problems)
    return data
