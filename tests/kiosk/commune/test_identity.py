"""The installation's Ed25519 identity: made once, 0600, kept by backups, never in packs."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from kiosk import db
from kiosk.backup.archive import create_backup
from kiosk.backup.restore import restore_backup
from kiosk.commune import identity
from kiosk.packs.export import pack_files


def test_the_key_is_made_once_with_mode_0600(tmp_path):
    first = identity.load_or_create(tmp_path)
    path = identity.key_path(tmp_path)
    if os.name == "posix":
        assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert bytes(identity.load_or_create(tmp_path)) == bytes(first)
    assert len(path.read_text().strip()) == 64


def test_a_damaged_key_is_refused_not_replaced(tmp_path):
    identity.key_path(tmp_path).write_text("not a key")
    with pytest.raises(identity.IdentityError, match="khóa định danh hỏng"):
        identity.load_or_create(tmp_path)
    assert identity.key_path(tmp_path).read_text() == "not a key"


def test_fingerprints_are_short_stable_and_differ_between_keys(tmp_path):
    a = identity.load_or_create(tmp_path / "a").verify_key
    b = identity.load_or_create(tmp_path / "b").verify_key
    assert identity.fingerprint(a) == identity.fingerprint(a)
    assert identity.fingerprint(a) != identity.fingerprint(b)
    assert len(identity.fingerprint(a)) == 24 and identity.fingerprint(a).count("-") == 4
    text = identity.public_key_text(a)
    assert bytes(identity.verify_key_from_text(text)) == bytes(a)


@pytest.mark.parametrize("text", ["", "x" * 44, "A" * 40, None, "QUJD" * 11])
def test_a_bad_public_key_text_is_refused(text):
    with pytest.raises(identity.IdentityError):
        identity.verify_key_from_text(text)


def test_signatures_cover_the_context_and_the_message(tmp_path):
    key = identity.load_or_create(tmp_path)
    sig = identity.sign(key, b"ctx\x00", b"message")
    assert identity.verify(key.verify_key, b"ctx\x00", b"message", sig)
    assert not identity.verify(key.verify_key, b"other\x00", b"message", sig)
    assert not identity.verify(key.verify_key, b"ctx\x00", b"messagE", sig)
    assert not identity.verify(key.verify_key, b"ctx\x00", b"message", "AAAA")


def test_backup_carries_the_key_and_restore_brings_it_back(app, tmp_path):
    data = Path(app.config["DATA"])
    key = bytes(identity.load_or_create(data))
    backup = create_backup(data, tmp_path / "b.zip").path
    identity.key_path(data).unlink()
    identity.load_or_create(data)  # a new machine would make its own key …
    restore_backup(data, backup)
    assert bytes(identity.load_or_create(data)) == key  # … and take the hamlet's back


def test_a_backup_with_a_damaged_key_is_refused(app, tmp_path):
    import zipfile

    data = Path(app.config["DATA"])
    identity.load_or_create(data)
    good = create_backup(data, tmp_path / "b.zip").path
    bad = tmp_path / "bad.zip"
    with zipfile.ZipFile(good) as src, zipfile.ZipFile(bad, "w") as out:
        for info in src.infolist():
            body = src.read(info)
            out.writestr(info, b"z" * 64 + b"\n" if info.filename == identity.KEY_FILE else body)
    with pytest.raises(ValueError) as raised:
        restore_backup(data, bad)
    assert any("identity.key" in str(p) for p in raised.value.problems)


def test_the_key_never_goes_into_a_content_pack(app):
    data = Path(app.config["DATA"])
    secret = identity.key_path(data).read_text().strip() if identity.key_path(data).exists() \
        else bytes(identity.load_or_create(data)).hex()
    conn = db.connect(data / db.DB_NAME)
    files = pack_files(conn, data)
    conn.close()
    assert not any(secret.encode() in body for body in files.values())
    assert not any("identity" in name for name in files)
