"""kiosk.store.guides: one guide or step by slug and position, and the one way a step is saved."""

from __future__ import annotations

import dataclasses
import io

import pytest

from kiosk.db import transaction
from kiosk.models import MediaRef, Step
from kiosk.packs import check as packs
from kiosk.packs import importer as pack_import
from kiosk.store import guides
from tests.helpers.admin import ADMIN, login, make_accounts, post
from tests.helpers.sounds import wav

SLUG = "kich-hoat-vneid"


def test_get_guide_with_its_steps(conn):
    guide = guides.get_guide(conn, SLUG)
    assert (guide.title["en"], guide.step_count, [s.position for s in guide.steps]) == \
        ("Activate VNeID", 3, [1, 2, 3])


def test_get_step_is_that_step_of_the_guide(conn):
    step = guides.get_step(conn, SLUG, 3)
    assert step == guides.get_guide(conn, SLUG).steps[2]


@pytest.mark.parametrize(("slug", "n"), [("khong-co", 1), (SLUG, 0), (SLUG, 4)])
def test_unknown_step_is_none(conn, slug, n):
    assert guides.get_step(conn, slug, n) is None


def test_unknown_guide_is_none(conn):
    assert guides.get_guide(conn, "khong-co", published_only=False) is None


def test_unpublished_guide_is_none_unless_asked_for(conn):
    with transaction(conn):
        guides.set_published(conn, SLUG, False)
    assert guides.get_guide(conn, SLUG) is None
    assert guides.get_guide(conn, SLUG, published_only=False).slug == SLUG


def test_save_step_adds_a_step_after_the_others(conn):
    with transaction(conn):
        guides.save_step(conn, SLUG, Step(4, {"vi": "Bước mới"}, {"vi": "Nội dung mới."}))
    assert guides.count_steps(conn, SLUG) == 4
    assert guides.get_step(conn, SLUG, 4).title == {"vi": "Bước mới"}


def test_save_step_replaces_texts_image_and_recordings(conn):
    step = guides.get_step(conn, SLUG, 1)
    assert step.image is not None
    changed = dataclasses.replace(step, body={"vi": "Đã sửa."}, image=None, check_note={"vi": "xem lại"})
    with transaction(conn):
        guides.save_step(conn, SLUG, changed)
    assert guides.get_step(conn, SLUG, 1) == changed


def test_save_step_keeps_exactly_the_recordings_given(app, conn, data_dir):
    from kiosk.media import files as media

    checked = media.check_audio("a.wav", wav(1.0))
    with transaction(conn):
        digest = media.store(conn, data_dir, checked)
        ref = MediaRef(digest, checked.ext, "step-02-vi.wav")
        step = guides.get_step(conn, SLUG, 2)
        guides.save_step(conn, SLUG, dataclasses.replace(step, audio={"vi": ref, "en": ref}))
        guides.save_step(conn, SLUG, dataclasses.replace(step, audio={"en": ref}))
    assert guides.get_step(conn, SLUG, 2).audio == {"en": ref}


def test_swap_and_delete_keep_positions_one_to_count(conn):
    titles = [s.title["vi"] for s in guides.get_guide(conn, SLUG).steps]
    with transaction(conn):
        guides.swap_steps(conn, SLUG, 1, 2)
        guides.delete_step(conn, SLUG, 1)
    after = guides.get_guide(conn, SLUG).steps
    assert [(s.position, s.title["vi"]) for s in after] == [(1, titles[0]), (2, titles[2])]


@pytest.fixture
def saved(monkeypatch):
    """Every step written through store.guides.save_step, as (slug, position)."""
    calls = []
    real = guides.save_step

    def spy(db, slug, step):
        calls.append((slug, step.position))
        real(db, slug, step)

    monkeypatch.setattr(guides, "save_step", spy)
    return calls


def test_pack_import_saves_steps_through_save_step(conn, data_dir, pack_dir, saved):
    pack_import.import_pack(conn, data_dir, packs.load(pack_dir))
    assert saved == [(SLUG, 1), (SLUG, 2), (SLUG, 3)]


def test_admin_editor_saves_steps_through_save_step(app, client, saved):
    make_accounts(app)
    login(client, ADMIN)
    form = {"title.vi": "Bước đã sửa", "text.vi": "Nội dung đã sửa."}
    post(client, f"/admin/guides/{SLUG}/steps/2", form, f"/admin/guides/{SLUG}/steps/2")
    assert saved == [(SLUG, 2)]


def test_narration_saves_steps_through_save_step(app, client, saved):
    make_accounts(app)
    login(client, ADMIN)
    post(client, f"/admin/narration/guides/{SLUG}/2/vi", {"audio": (io.BytesIO(wav(1.0)), "a.wav")},
         f"/admin/guides/{SLUG}/steps/2")
    assert saved == [(SLUG, 2)]
