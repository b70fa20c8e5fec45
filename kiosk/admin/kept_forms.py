"""Forms kept across a login: what a team member typed when their session had expired.

A POST that reaches the admin after the session ended is not processed. Its text fields are kept
here, in memory, under a random token for the account that was logged in; after that account logs
in again, the form page opens with the fields filled in (static/js/admin-base.js) so nothing typed
is lost, and the member presses "Lưu" again with a fresh CSRF token.

Never kept: files (the page says to choose them again), the CSRF token, and any password field.
Bounded: at most MAX_KEPT forms of MAX_BYTES each, each for KEEP_SECONDS; the oldest goes first.
"""

from __future__ import annotations

import secrets
import threading
import time
from collections import OrderedDict
from dataclasses import dataclass

MAX_KEPT = 50
MAX_BYTES = 256 * 1024
KEEP_SECONDS = 2 * 3600


@dataclass(frozen=True)
class KeptForm:
    owner: str  # the account whose session expired: only it gets the text back
    page: str  # the admin path of the page the form was on
    action: str  # the path the form posted to, to find the form on that page
    fields: tuple[tuple[str, str], ...]
    had_files: bool
    at: float


def _secret(name: str) -> bool:
    lowered = name.lower()
    return lowered == "csrf_token" or "password" in lowered or "mat_khau" in lowered


class KeptForms:
    """The kept forms of one app, safe across waitress's threads."""

    def __init__(self) -> None:
        self._forms: OrderedDict[str, KeptForm] = OrderedDict()
        self._lock = threading.Lock()

    def keep(self, owner: str, page: str, action: str, fields: list[tuple[str, str]],
             had_files: bool) -> str | None:
        """Keep a submitted form; its token, or None when it was too large to keep."""
        fields = [(name, value) for name, value in fields if not _secret(name)]
        if sum(len(name) + len(value) for name, value in fields) > MAX_BYTES:
            return None
        token = secrets.token_urlsafe(18)
        now = time.time()
        with self._lock:
            self._drop_old(now)
            while len(self._forms) >= MAX_KEPT:
                self._forms.popitem(last=False)
            self._forms[token] = KeptForm(owner, page, action, tuple(fields), had_files, now)
        return token

    def get(self, token: str, owner: str) -> KeptForm | None:
        """The form kept under token for this account, while it is kept."""
        with self._lock:
            self._drop_old(time.time())
            found = self._forms.get(token)
        return found if found is not None and found.owner == owner else None

    def _drop_old(self, now: float) -> None:
        while self._forms:
            token, oldest = next(iter(self._forms.items()))
            if now - oldest.at <= KEEP_SECONDS:
                break
            del self._forms[token]
