"""The team's accounts a restore would add, remove or change, listed for a yes before it runs."""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass

from kiosk.problems import N_
from qr.messages import Message

ACCOUNT_FIELDS = (("password_hash", "mật khẩu"), ("role", "vai trò"), ("disabled", "khóa/mở khóa"))


@dataclass(frozen=True)
class AccountChanges:
    """How a restore would change the team's accounts (names compared without case)."""

    added: tuple[str, ...] = ()
    removed: tuple[str, ...] = ()
    changed: tuple[tuple[str, tuple[str, ...]], ...] = ()  # (name, what changed)

    def __bool__(self) -> bool:
        return bool(self.added or self.removed or self.changed)

    def messages(self) -> list[Message]:
        """One message per account, for the admin page to show translated."""
        return ([Message(N_("thêm tài khoản: %(name)s"), name=name) for name in self.added]
                + [Message(N_("xóa tài khoản: %(name)s"), name=name) for name in self.removed]
                + [Message(N_("đổi tài khoản: %(name)s (%(what)s)"), name=name,
                           what=", ".join(what)) for name, what in self.changed])

    def lines(self) -> list[str]:
        """One line per account, in Vietnamese: for the CLI, the audit log and the check that the
        accounts still change as the admin page showed them."""
        return [str(m) for m in self.messages()]


def _accounts(conn: sqlite3.Connection | None) -> dict[str, tuple[str, tuple]]:
    if conn is None:
        return {}
    rows = conn.execute("SELECT name, password_hash, role, disabled FROM users ORDER BY name")
    return {str(name).casefold(): (str(name), tuple(rest)) for name, *rest in rows}


def account_changes(live: sqlite3.Connection | None,
                    restored: sqlite3.Connection) -> AccountChanges:
    """Accounts in `restored` that `live` lacks, has not, or has with another hash/role/state."""
    old, new = _accounts(live), _accounts(restored)
    changed = []
    for key in sorted(old.keys() & new.keys()):
        what = tuple(label for i, (_, label) in enumerate(ACCOUNT_FIELDS)
                     if old[key][1][i] != new[key][1][i])
        if what:
            changed.append((new[key][0], what))
    return AccountChanges(tuple(new[k][0] for k in sorted(new.keys() - old.keys())),
                          tuple(old[k][0] for k in sorted(old.keys() - new.keys())),
                          tuple(changed))
