"""When a step's Vietnamese changes, its other languages are marked for review: by the admin step
editor and by pack import; shown on the review and step pages; cleared when the translation is
saved or marked as still right."""

from __future__ import annotations

from contextlib import closing
from pathlib import Path

import yaml

from kiosk.models import Step, translations_to_review
from kiosk.packs.check import load
from kiosk.packs.importer import import_pack
from kiosk.store import guides as guide_store
from tests.helpers.admin import connect, csrf_token

SLUG = "kich-hoat-vneid"
PATH = f"/admin/guides/{SLUG}/steps/1"


def step(vi: str, en: str = "Text.", review: tuple[str, ...] = ()) -> Step:
    return Step(1, {"vi": "Tên", "en": "Name"}, {"vi": vi, "en": en}, review_langs=review)


def test_the_rule():
    assert translations_to_review(step("A"), step("B")) == ("en",)  # vi changed, en did not
    assert translations_to_review(step("A"), step("B", en="New text.")) == ()  # both changed
    assert translations_to_review(step("A"), step("A")) == ()
    assert translations_to_review(step("A", review=("en",)), step("A")) == ("en",)  # still old
    assert translations_to_review(step("A", review=("en",)), step("A", en="Fixed.")) == ()
    assert translations_to_review(None, step("A")) == ()  # a new step
    vi_only = Step(1, {"vi": "Tên"}, {"vi": "B"})
    assert translations_to_review(step("A"), vi_only) == ()  # no translation left to review


def save_step(client, changes: dict, reviewed: tuple[str, ...] = ()):
    with closing(connect(client.application)) as conn:
        current = guide_store.get_step(conn, SLUG, 1)
    data = {"csrf_token": csrf_token(client, PATH), "check": "",
            **{f"title.{lang}": text for lang, text in current.title.items()},
            **{f"text.{lang}": text for lang, text in current.body.items()}, **changes}
    if reviewed:
        data["reviewed"] = list(reviewed)
    response = client.post(PATH, data=data, content_type="multipart/form-data")
    assert response.status_code == 302, response.get_data(as_text=True)[:2000]


def review_langs(app) -> tuple[str, ...]:
    with closing(connect(app)) as conn:
        return guide_store.get_step(conn, SLUG, 1).review_langs


def test_changing_the_vietnamese_in_the_admin_marks_english_until_it_is_saved(app, member):
    save_step(member, {"text.vi": "Nội dung bước 1, đã sửa."})
    assert review_langs(app) == ("en",)
    review = member.get("/admin/review").get_data(as_text=True)
    assert "cần xem lại bản dịch: English" in review
    page = member.get(PATH).get_data(as_text=True)
    assert "Bản tiếng Việt của bước này đã đổi sau khi được dịch" in page
    save_step(member, {"text.en": "Text of step 1, fixed."})
    assert review_langs(app) == ()
    assert "cần xem lại bản dịch" not in member.get("/admin/review").get_data(as_text=True)


def test_a_translation_can_be_marked_as_still_right(app, member):
    save_step(member, {"text.vi": "Nội dung bước 1."})  # unchanged: nothing to review
    assert review_langs(app) == ()
    save_step(member, {"title.vi": "Bước thử 1 (sửa chính tả)"})
    assert review_langs(app) == ("en",)
    save_step(member, {}, reviewed=("en",))
    assert review_langs(app) == ()


def test_a_pack_import_that_changes_only_the_vietnamese_marks_the_translation(app, pack_dir,
                                                                             data_dir):
    guide_file = pack_dir / "guides" / SLUG / "guide.yaml"
    data = yaml.safe_load(guide_file.read_text())
    data["steps"][0]["text"]["vi"] = "Nội dung mới của bước 1."
    data["steps"][1]["text"] = {"vi": "Bước 2 mới.", "en": "New step 2."}
    guide_file.write_text(yaml.safe_dump(data, allow_unicode=True))
    conn = connect(app)
    try:
        import_pack(conn, Path(data_dir), load(pack_dir))
        steps = guide_store.get_guide(conn, SLUG, published_only=False).steps
    finally:
        conn.close()
    assert [s.review_langs for s in steps] == [("en",), (), ()]
