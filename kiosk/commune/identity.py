"""This installation's Ed25519 key pair: who signs the hamlet's monthly figures.

The private key is 32 random bytes (hex) in `data/identity.key`, mode 0600, made on first start.
It never goes into a content pack; a backup carries it, so a replacement machine restored from
the hamlet's backup goes on signing as the same hamlet. The commune knows a hamlet by its public
key and checks it by the fingerprint printed on the hamlet's stats page.
"""

from __future__ import annotations

import base64
import hashlib
import os
import re
import stat
from pathlib import Path

from nacl.exceptions import BadSignatureError
from nacl.signing import SigningKey, VerifyKey

from kiosk import atomic
from kiosk.problems import N_, Explained
from qr.messages import Message

KEY_FILE = "identity.key"
_HEX_KEY = re.compile(r"[0-9a-f]{64}")


class IdentityError(Explained):
    """The key file is damaged or unreadable, or a public key is not one (a msgid and values:
    str() is the Vietnamese, a page shows it with problem_text)."""


def key_path(data_dir: Path) -> Path:
    return Path(data_dir) / KEY_FILE


def check_key_text(text: str) -> str | None:
    """Why `text` is not a stored private key (None when it is): 64 lowercase hex digits."""
    return None if _HEX_KEY.fullmatch(text.strip()) else N_("khóa định danh hỏng (cần 64 chữ số hex)")


def load_or_create(data_dir: Path) -> SigningKey:
    """The installation's signing key, made (atomically, 0600) when the data directory has none.

    Raises:
        IdentityError: the file exists but is not a key (never silently replaced: the commune
            knows this hamlet by it).
        OSError: the data directory cannot be written.
    """
    path = key_path(data_dir)
    if path.exists():
        try:
            text = path.read_text(encoding="ascii", errors="strict")[:200]
        except (OSError, UnicodeDecodeError) as exc:
            raise IdentityError(N_("không đọc được %(path)s: %(why)s"), path=path, why=exc) from exc
        if reason := check_key_text(text):
            raise IdentityError(N_("%(path)s: %(why)s"), path=path, why=Message(reason))
        _close(path)
        return SigningKey(bytes.fromhex(text.strip()))
    key = SigningKey.generate()
    atomic.write_text(path, bytes(key).hex() + "\n", mode=0o600)
    return key


def _close(path: Path) -> None:
    """Make a key file others can read 0600 again (copied by hand, restored by another tool)."""
    try:
        info = path.lstat()
        if os.name == "posix" and stat.S_ISREG(info.st_mode) and info.st_mode & 0o077:
            path.chmod(0o600)
    except OSError:
        pass  # a read-only disk: the key still signs; the check runs again at the next start


def public_key_text(key: VerifyKey) -> str:
    """The public key as it travels in bundles and packs: standard base64 of the 32 bytes."""
    return base64.b64encode(bytes(key)).decode("ascii")


def verify_key_from_text(text: str) -> VerifyKey:
    """The public key a bundle names.

    Raises:
        IdentityError: not base64 of 32 bytes.
    """
    if not isinstance(text, str) or len(text) != 44:
        raise IdentityError(N_("khóa công khai phải là 44 ký tự base64"))
    try:
        return VerifyKey(base64.b64decode(text, validate=True))
    except ValueError as exc:  # binascii.Error and nacl's ValueError are both ValueErrors
        raise IdentityError(N_("khóa công khai không hợp lệ")) from exc


def fingerprint(key: VerifyKey) -> str:
    """A short code people compare by eye or over the phone: 20 base32 letters in groups of 4,
    from SHA-256 of the public key (100 bits: no one can make a key that matches by chance)."""
    digest = base64.b32encode(hashlib.sha256(bytes(key)).digest()).decode("ascii")[:20]
    return "-".join(digest[i:i + 4] for i in range(0, 20, 4))


def sign(key: SigningKey, context: bytes, message: bytes) -> str:
    """A detached signature (base64) over `context` + message; the context keeps a signature
    made for one kind of file from being valid for another."""
    return base64.b64encode(key.sign(context + message).signature).decode("ascii")


def verify(key: VerifyKey, context: bytes, message: bytes, signature: str) -> bool:
    """Whether `signature` (base64, as sign() writes it) is this key's over context + message."""
    try:
        raw = base64.b64decode(signature, validate=True) if isinstance(signature, str) else b""
        if len(raw) != 64:
            return False
        key.verify(context + message, raw)
    except (ValueError, BadSignatureError):
        return False
    return True
