"""Admin "Cần kiểm tra": the steps the team should verify on a real phone or against a fresh source.

A step is listed when it carries a `check:` note, cites a source last checked more than
12 months ago, or has a translation older than its Vietnamese text. Members may open it (the
one admin guard lets them); it only reads.
"""

from __future__ import annotations

import calendar
import datetime as dt
from dataclasses import dataclass

from flask import render_template

from kiosk.admin import bp, hamlet_today
from kiosk.db import get_db
from kiosk.models import Guide, Source
from kiosk.store import guides as guide_store
from kiosk.store import sources as source_store

STALE_MONTHS = 12


@dataclass(frozen=True)
class ReviewItem:
    n: int                      # the step's position (1-based)
    title: str                  # its Vietnamese title
    note: str                   # the check: note, or ""
    old_sources: tuple[Source, ...]
    review_langs: tuple[str, ...] = ()  # translations older than the Vietnamese text


@dataclass(frozen=True)
class ReviewGroup:
    guide: Guide
    old_sources: tuple[Source, ...]     # the guide's own citations that are old
    items: tuple[ReviewItem, ...]


def stale_before(today: dt.date) -> str:
    """The first day (YYYY-MM-DD) a source counts as fresh: the same day STALE_MONTHS earlier."""
    year, month0 = divmod(today.year * 12 + today.month - 1 - STALE_MONTHS, 12)
    last = calendar.monthrange(year, month0 + 1)[1]  # 29 February → 28 February
    return dt.date(year, month0 + 1, min(today.day, last)).isoformat()


def review_groups(guides: list[Guide], sources: dict[str, Source],
                  today: dt.date) -> list[ReviewGroup]:
    """The guides (with their steps) that hold something to check, in home-screen order."""
    cutoff = stale_before(today)

    def old(ids: tuple[str, ...]) -> tuple[Source, ...]:
        return tuple(sources[i] for i in ids if i in sources and sources[i].checked < cutoff)

    groups = []
    for guide in guides:
        items = tuple(ReviewItem(n, step.title.get("vi", ""), step.check_note.get("vi", ""),
                                 old(step.sources), step.review_langs)
                      for n, step in enumerate(guide.steps, start=1)
                      if step.check_note or old(step.sources) or step.review_langs)
        if items or old(guide.sources):
            groups.append(ReviewGroup(guide, old(guide.sources), items))
    return groups


@bp.get("/review")
def review():
    db = get_db()
    guides = [guide_store.get_guide(db, g.slug, published_only=False)
              for g in guide_store.list_guides(db, published_only=False)]
    today = hamlet_today()
    groups = review_groups([g for g in guides if g is not None],
                           {s.id: s for s in source_store.list_sources(db)}, today)
    return render_template("admin/review.html", groups=groups, cutoff=stale_before(today),
                           months=STALE_MONTHS)
