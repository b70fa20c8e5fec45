"""Team accounts: Argon2id password hashes, roles, and the audit log of who changed what."""

from __future__ import annotations

import functools
import sqlite3
import unicodedata

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from kiosk import password_rules
from kiosk.models import User
from kiosk.problems import N_, Explained

ROLES = ("admin", "member")
# As the audit log stores them (msgids: the admin shows them in the reader's language).
ROLE_LABELS = {"admin": N_("quản trị"), "member": N_("thành viên")}
MIN_PASSWORD = 10
MAX_PASSWORD = 200

# Argon2id with OWASP's recommended minimum (19 MiB, t=2, p=1): a login costs a Raspberry Pi a
# fraction of a second and the server's memory no 64 MiB spike (argon2-cffi's default profile).
# Hashes made with other parameters are upgraded at the next login (check_needs_rehash).
_hasher = PasswordHasher(time_cost=2, memory_cost=19 * 1024, parallelism=1)


@functools.cache
def _dummy_hash() -> str:
    """Verifying against this costs as much as a real hash, so an unknown name takes as long as a
    wrong password and does not reveal which names exist (made on first use, not at import)."""
    return _hasher.hash("not a password of anyone")


class AccountError(Explained):
    """A name, password or role is not acceptable; the message says why in Vietnamese."""


def check_name(name: str) -> str:
    """The account name, NFC and trimmed.

    Raises:
        AccountError: empty, too long, or with characters that are hard to type again.
    """
    name = unicodedata.normalize("NFC", name.strip())
    if not 2 <= len(name) <= 40:
        raise AccountError(N_("tên đăng nhập phải dài 2–40 ký tự"))
    if not all(ch.isalnum() or ch in "._-" for ch in name):
        raise AccountError(N_("tên đăng nhập chỉ gồm chữ, số và . _ -"))
    return name


def check_password(password: str, name: str = "") -> None:
    """Raises AccountError if the password is too weak to protect the hamlet's admin."""
    if len(password) < MIN_PASSWORD:
        raise AccountError(N_("mật khẩu cần ít nhất %(min)s ký tự (có thể là một câu dễ nhớ)"),
                           min=MIN_PASSWORD)
    if len(password) > MAX_PASSWORD:
        raise AccountError(N_("mật khẩu dài quá %(max)s ký tự"), max=MAX_PASSWORD)
    if len(set(password)) < 4:
        raise AccountError(N_("mật khẩu quá đơn giản (lặp lại một vài ký tự)"))
    if name and name.lower() in password.lower():
        raise AccountError(N_("mật khẩu không được chứa tên đăng nhập"))
    weakness = password_rules.get_weakness(password)
    if weakness:
        raise AccountError(weakness)


def check_role(role: str) -> str:
    if role not in ROLES:
        raise AccountError(N_("vai trò phải là %(roles)s"), roles=" hoặc ".join(ROLES))
    return role


def _user(row: sqlite3.Row) -> User:
    return User(id=row["id"], name=row["name"], role=row["role"], disabled=bool(row["disabled"]),
                ui_lang=row["ui_lang"])


def get_user(db: sqlite3.Connection, user_id: int) -> User | None:
    row = db.execute("SELECT * FROM users WHERE id = ?", (user_id,)).fetchone()
    return _user(row) if row else None


def list_users(db: sqlite3.Connection) -> list[User]:
    return [_user(r) for r in db.execute("SELECT * FROM users ORDER BY name")]


def is_last_admin(db: sqlite3.Connection, user: User) -> bool:
    """Whether locking or demoting this account would leave no admin who can log in."""
    if user.role != "admin" or user.disabled:
        return False
    others = db.execute("SELECT count(*) FROM users WHERE role = 'admin' AND disabled = 0"
                        " AND id != ?", (user.id,)).fetchone()[0]
    return others == 0


def create_user(db: sqlite3.Connection, name: str, password: str, role: str) -> User:
    """Add an account.

    Raises:
        AccountError: bad name, weak password, unknown role, or the name is taken.
    """
    name = check_name(name)
    check_password(password, name)
    check_role(role)
    try:
        cur = db.execute("INSERT INTO users (name, password_hash, role) VALUES (?, ?, ?)",
                         (name, _hasher.hash(password), role))
    except sqlite3.IntegrityError as exc:
        raise AccountError(N_("đã có tài khoản tên %(name)s"), name=name) from exc
    return User(cur.lastrowid, name, role)


def set_password(db: sqlite3.Connection, name: str, password: str) -> None:
    """Set a new password and end the account's sessions (a stolen cookie dies with the old
    password).

    Raises:
        AccountError: there is no such account or the password is weak.
    """
    check_password(password, name)
    cur = db.execute("UPDATE users SET password_hash = ?, session_epoch = session_epoch + 1"
                     " WHERE name = ?", (_hasher.hash(password), name))
    if cur.rowcount == 0:
        raise AccountError(N_("không có tài khoản tên %(name)s"), name=name)


def set_ui_lang(db: sqlite3.Connection, user_id: int, lang: str) -> None:
    """The language of the admin's words for this account (the caller offers only known ones)."""
    db.execute("UPDATE users SET ui_lang = ? WHERE id = ?", (lang, user_id))


def set_disabled(db: sqlite3.Connection, user_id: int, disabled: bool) -> None:
    """Lock or unlock an account; either way its sessions end."""
    db.execute("UPDATE users SET disabled = ?, session_epoch = session_epoch + 1 WHERE id = ?",
               (int(disabled), user_id))


def end_sessions(db: sqlite3.Connection, user_id: int) -> None:
    """End every session of the account, on this device and any other (logout)."""
    db.execute("UPDATE users SET session_epoch = session_epoch + 1 WHERE id = ?", (user_id,))


def get_session_epoch(db: sqlite3.Connection, user_id: int) -> int | None:
    """The account's session counter, stored in the session at login."""
    row = db.execute("SELECT session_epoch FROM users WHERE id = ?", (user_id,)).fetchone()
    return row[0] if row else None


def get_session_user(db: sqlite3.Connection, user_id: int, epoch: object) -> User | None:
    """The account behind a session, or None if it is disabled or its sessions were ended
    since this one began (epoch differs)."""
    row = db.execute("SELECT * FROM users WHERE id = ?", (user_id,)).fetchone()
    if row is None or row["disabled"] or row["session_epoch"] != epoch:
        return None
    return _user(row)


def authenticate(db: sqlite3.Connection, name: str, password: str) -> User | None:
    """The account if name and password match and it is not disabled; rehashes old parameters."""
    row = db.execute("SELECT * FROM users WHERE name = ?", (name.strip(),)).fetchone()
    stored = row["password_hash"] if row else _dummy_hash()
    try:
        _hasher.verify(stored, password)
    except (VerificationError, InvalidHashError):
        return None
    if row is None or row["disabled"]:
        return None
    if _hasher.check_needs_rehash(stored):
        db.execute("UPDATE users SET password_hash = ? WHERE id = ?",
                   (_hasher.hash(password), row["id"]))
    return _user(row)


def record(db: sqlite3.Connection, user_name: str, action: str, target: str = "",
           detail: str = "") -> None:
    """Add an audit entry (inside the caller's transaction, so it exists iff the change does)."""
    db.execute("INSERT INTO audit_log (user_name, action, target, detail) VALUES (?, ?, ?, ?)",
               (user_name, action, target, detail[:500]))


def recent_changes(db: sqlite3.Connection, limit: int = 50) -> list[sqlite3.Row]:
    return db.execute("SELECT * FROM audit_log ORDER BY id DESC LIMIT ?", (limit,)).fetchall()
