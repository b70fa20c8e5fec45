"""Vetted guides from the commune: a signed pack updates only what came from the commune's key."""

from __future__ import annotations

import json
import zipfile
from pathlib import Path

import pytest
from nacl.signing import SigningKey

from kiosk import db, store
from kiosk.commune import identity, signed_pack
from kiosk.packs.export import zip_bytes
from kiosk.store import commune as commune_store
from kiosk.store import guides as guide_store
from tests.helpers.commune import COMMUNE_KEY, commune_pack, rewrite_zip
from tests.helpers.packbuilder import SOURCES, SVG, write_pack


@pytest.fixture
def hamlet(app):
    conn = db.connect(Path(app.config["DATA"]) / db.DB_NAME)
    yield conn, Path(app.config["DATA"])
    conn.close()


def fingerprint() -> str:
    return identity.fingerprint(COMMUNE_KEY.verify_key)


def test_a_first_update_needs_the_fingerprint_then_adds_only_new_guides(hamlet, tmp_path):
    conn, data = hamlet
    before = store.counts(conn)
    signed = signed_pack.read_signed_pack(commune_pack(tmp_path))
    with pytest.raises(signed_pack.SignedPackError, match=fingerprint()):
        signed_pack.apply_update(conn, data, signed, "lan")
    plan = signed_pack.apply_update(conn, data, signed, "lan", confirm=fingerprint().lower())
    assert (plan.new_guides, plan.kept_guides) == (("hoc-zalo",), ("kich-hoat-vneid",))
    assert commune_store.pinned_key(conn).fingerprint == fingerprint()
    after = store.counts(conn)
    assert after["guides"] == before["guides"] + 1
    assert (after["sites"], after["shops"]) == (before["sites"], before["shops"])
    assert commune_store.origins(conn, "guides")["kich-hoat-vneid"] == ""  # the hamlet's own


def test_a_later_update_replaces_the_communes_guides(hamlet, tmp_path):
    conn, data = hamlet
    signed_pack.apply_update(conn, data, signed_pack.read_signed_pack(commune_pack(tmp_path)),
                             "lan", confirm=fingerprint())
    newer = signed_pack.read_signed_pack(commune_pack(tmp_path, "Học Zalo (2027)", name="v2.zip"))
    plan = signed_pack.plan_update(conn, newer)
    assert (plan.replaced_guides, plan.new_guides) == (("hoc-zalo",), ())
    signed_pack.apply_update(conn, data, newer, "lan")
    guide = guide_store.get_guide(conn, "hoc-zalo", published_only=False)
    assert guide.title["vi"] == "Học Zalo (2027)"


def test_a_pack_signed_by_another_key_is_refused(hamlet, tmp_path):
    conn, data = hamlet
    signed_pack.apply_update(conn, data, signed_pack.read_signed_pack(commune_pack(tmp_path)),
                             "lan", confirm=fingerprint())
    other = signed_pack.read_signed_pack(commune_pack(tmp_path, key=SigningKey.generate(),
                                                      name="other.zip"))
    with pytest.raises(signed_pack.SignedPackError, match="một khóa khác"):
        signed_pack.apply_update(conn, data, other, "lan", confirm=other.fingerprint)


@pytest.mark.parametrize(("change", "reason"), [
    (lambda f: f.update({"guides/hoc-zalo/guide.yaml": f["guides/hoc-zalo/guide.yaml"] + b"\n#"}),
     "đã bị sửa sau khi ký"),
    (lambda f: f.pop("guides/hoc-zalo/step.svg"), "bị xoá sau khi ký"),
    (lambda f: f.update({"guides/hoc-zalo/extra.svg": SVG}), "được thêm sau khi ký"),
    (lambda f: f.pop("signature.json"), "không có chữ ký"),
    (lambda f: f.update({"signature.json": f["signature.json"].replace(b"H\\u00f2a", b"Hoa")
                         .replace("Hòa".encode(), b"Hoa")}), "chữ ký không khớp"),
])
def test_an_altered_or_unsigned_pack_is_refused_with_the_reason(tmp_path, change, reason):
    with pytest.raises(signed_pack.SignedPackError, match=reason):
        signed_pack.read_signed_pack(rewrite_zip(commune_pack(tmp_path), change))


def test_a_signed_pack_with_sites_or_settings_is_refused(tmp_path):
    src = write_pack(tmp_path / "full")
    files = {p.relative_to(src).as_posix(): p.read_bytes() for p in src.rglob("*") if p.is_file()}
    path = tmp_path / "full.zip"
    path.write_bytes(zip_bytes(signed_pack.sign_files(files, COMMUNE_KEY, "Xã Hòa Bình")))
    with pytest.raises(signed_pack.SignedPackError, match="chỉ chứa hướng dẫn và câu đố"):
        signed_pack.read_signed_pack(path)


def test_the_signature_file_lists_every_file(tmp_path):
    with zipfile.ZipFile(commune_pack(tmp_path)) as archive:
        head = json.loads(archive.read("signature.json"))
        names = set(archive.namelist()) - {"signature.json"}
    assert set(head["files"]) == names and "settings.yaml" not in names
    assert head["signer"] == "Xã Hòa Bình"


def test_the_cli_exports_on_the_commune_and_updates_on_the_hamlet(tmp_path):
    from click.testing import CliRunner

    from kiosk.cli import main

    run = lambda data, *a: CliRunner().invoke(main, ["--data", str(data), *a])  # noqa: E731
    commune, hamlet = tmp_path / "xa", tmp_path / "thon"
    assert run(commune, "import-pack", str(write_pack(tmp_path / "src"))).exit_code == 0
    out = tmp_path / "huong-dan-xa.zip"
    exported = run(commune, "commune", "export-guides", str(out))
    assert exported.exit_code == 0, exported.output
    fp = identity.fingerprint(identity.load_or_create(commune).verify_key)
    assert fp in exported.output
    assert run(hamlet, "import-pack", str(write_pack(tmp_path / "own"))).exit_code == 0
    refused = run(hamlet, "update-guides", str(out))
    assert refused.exit_code == 2 and fp in refused.output
    preview = run(hamlet, "update-guides", str(out), "--trust", fp, "--dry-run")
    assert "giữ bản của thôn: kich-hoat-vneid" in preview.output and "Chưa thay đổi" in preview.output
    done = run(hamlet, "update-guides", str(out), "--trust", fp)
    assert done.exit_code == 0, done.output


def test_a_restored_backup_checks_the_pinned_key_and_guide_origins(hamlet, tmp_path):
    from kiosk.backup.archive import create_backup
    from kiosk.backup.restore import restore_backup

    conn, data = hamlet
    signed_pack.apply_update(conn, data, signed_pack.read_signed_pack(commune_pack(tmp_path)),
                             "lan", confirm=fingerprint())
    good = create_backup(data, tmp_path / "good.zip").path
    conn.execute("UPDATE guides SET origin = 'not a key' WHERE slug = 'hoc-zalo'")
    conn.commit()
    bad = create_backup(data, tmp_path / "bad.zip").path
    with pytest.raises(ValueError) as raised:
        restore_backup(data, bad)
    assert any("not a key" in str(p) for p in raised.value.problems)
    restore_backup(data, good)
    assert commune_store.origins(conn, "guides")["hoc-zalo"] == \
        identity.public_key_text(COMMUNE_KEY.verify_key)


def test_the_communes_sources_never_replace_the_hamlets_own(hamlet, tmp_path):
    """Both packs call their first source S1; after the update the hamlet's S1 is unchanged and
    the commune's guides cite the commune's copy, xa.S1."""
    from kiosk.store import sources as source_store

    conn, data = hamlet
    own = {s.id: s for s in source_store.list_sources(conn)}
    assert "S1" in own
    theirs = {"S1": {**SOURCES["S1"], "title": "Tài liệu của xã"}, "S2": SOURCES["S2"]}
    signed = signed_pack.read_signed_pack(commune_pack(tmp_path, sources=theirs))
    signed_pack.apply_update(conn, data, signed, "lan", confirm=fingerprint())
    after = {s.id: s for s in source_store.list_sources(conn)}
    assert after["xa.S1"].title == "Tài liệu của xã"
    assert after["S1"] == own["S1"]
    assert "xa.S1" in after
    guide = guide_store.get_guide(conn, "hoc-zalo", published_only=False)
    cited = set(guide.sources) | {i for step in guide.steps for i in step.sources}
    assert cited and all(i.startswith("xa.") for i in cited)
    mine = guide_store.get_guide(conn, "kich-hoat-vneid", published_only=False)
    assert not any(i.startswith("xa.") for i in mine.sources)
