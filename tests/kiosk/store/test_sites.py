"""kiosk.store.sites: one site by slug or code, old slugs, the writes the editors use."""

from __future__ import annotations

from kiosk.db import transaction
from kiosk.store import sites
from kiosk.store.sites import SiteLink


def _values(slug: str) -> dict:
    return {"slug": slug, "position": 2, "name": {"vi": "Chùa Thử"}, "summary": {"vi": "Chùa."},
            "category": {}, "story": {}, "directions": {}, "year": "", "lat": None, "lon": None}


def test_get_site_by_slug(conn):
    site = sites.get_site(conn, "dinh-thu")
    assert (site.code, site.name["en"], site.year) == ("DH7K", "Test communal house", "1835")


def test_get_site_carries_its_photos(conn):
    (photo,) = sites.get_site(conn, "dinh-thu").photos
    assert (photo.media.name, photo.caption) == ("dinh.jpg", {"vi": "Cổng đình"})


def test_get_site_by_code(conn):
    assert sites.get_site_by_code(conn, "DH7K") == sites.get_site(conn, "dinh-thu")


def test_unknown_slug_and_code_are_none(conn):
    assert (sites.get_site(conn, "khong-co"), sites.get_site_by_code(conn, "ZZ9Z")) == (None, None)


def test_get_site_ignores_other_sites_rows(conn):
    with transaction(conn):
        site_id = sites.add_site(conn, "CH4M", _values("chua-thu"))
        sites.add_photo(conn, site_id, 1, sites.get_site(conn, "dinh-thu").photos[0].media.hash,
                        "chua.jpg")
    assert [p.media.name for p in sites.get_site(conn, "dinh-thu").photos] == ["dinh.jpg"]
    assert [p.media.name for p in sites.get_site(conn, "chua-thu").photos] == ["chua.jpg"]


def test_list_sites_leaves_retired_ones_out_when_asked(conn):
    with transaction(conn):
        sites.add_site(conn, "CH4M", _values("chua-thu"), retired=True)
    assert [s.code for s in sites.list_sites(conn)] == ["DH7K", "CH4M"]
    assert [s.code for s in sites.list_sites(conn, include_retired=False)] == ["DH7K"]


def test_a_renamed_site_keeps_its_old_slug_as_a_link(conn):
    site_id = sites.get_site_id(conn, "DH7K")
    with transaction(conn):
        sites.update_site(conn, site_id, {**_values("dinh-moi"), "name": {"vi": "Đình"}})
        sites.remember_old_slug(conn, site_id, "dinh-thu")
    assert sites.get_link_by_slug(conn, "dinh-thu") == SiteLink("dinh-moi", False)
    assert sites.get_site(conn, "dinh-moi").old_slugs == ("dinh-thu",)
    assert sites.get_old_slug_owner(conn, "dinh-thu") == "DH7K"


def test_get_link_by_code_says_retired(conn):
    with transaction(conn):
        sites.set_retired(conn, "DH7K", True)
    assert sites.get_link_by_code(conn, "DH7K") == SiteLink("dinh-thu", True)


def test_links_to_nowhere_are_none(conn):
    assert (sites.get_link_by_code(conn, "ZZ9Z"), sites.get_link_by_slug(conn, "khong-co")) == (
        None, None)


def test_remove_photo_closes_the_gap(conn):
    site = sites.get_site(conn, "dinh-thu")
    site_id, digest = sites.get_site_id(conn, "DH7K"), site.photos[0].media.hash
    with transaction(conn):
        sites.add_photo(conn, site_id, 2, digest, "hai.jpg")
        sites.add_photo(conn, site_id, 3, digest, "ba.jpg")
        sites.remove_photo(conn, site_id, 1)
    assert [p.media.name for p in sites.get_site(conn, "dinh-thu").photos] == ["hai.jpg", "ba.jpg"]


def test_swap_photos(conn):
    site_id = sites.get_site_id(conn, "DH7K")
    digest = sites.get_site(conn, "dinh-thu").photos[0].media.hash
    with transaction(conn):
        sites.add_photo(conn, site_id, 2, digest, "hai.jpg")
        sites.swap_photos(conn, site_id, 1, 2)
    assert [p.media.name for p in sites.get_site(conn, "dinh-thu").photos] == ["hai.jpg", "dinh.jpg"]
