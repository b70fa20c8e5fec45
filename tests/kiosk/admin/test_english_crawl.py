"""An account that reads the admin in English meets no Vietnamese but the hamlet's own data
(issue 17): every admin page reachable from the dashboard, two links deep, is walked, and every
word with Vietnamese letters must come from the database (guide texts, names, the audit log)."""

from __future__ import annotations

import re
import sqlite3
from html import unescape

from kiosk.packs import shops_csv
from tests.helpers.admin import ADMIN, connect, login, make_accounts, read_admin_in

_VIETNAMESE = re.compile(r"[ăâđêôơưạảấầẩẫậắằẳẵặẹẻẽếềểễệỉịọỏốồổỗộớờởỡợụủứừửữựỳỵỷỹ"
                         r"áàãéèíìóòõúùýĐĂÂÊÔƠƯ]", re.I)
_SKIP = re.compile(r"/(logout|keep-alive)|\.(pdf|zip|csv|xlsx|png|svg|json)(\?|$)|/download|/export")
# Vietnamese on purpose: what the demo card prints, the spreadsheet headers an import file must
# have, names of languages, and amounts as the payer's bank app shows them.
MEANT = re.compile("|".join([re.escape(p) for p in sorted(
    ("MẪU — KHÔNG CHUYỂN TIỀN", *shops_csv.LABELS.values(), "Tày", "Thái", "H'Mông"),
    key=len, reverse=True)] + [r"(?<=\d) đ\b"]))
_LINK = re.compile(r'href="(/admin[^"#]*)"')
_HIDDEN = re.compile(r"<(script|style|template)\b.*?</\1>|<!--.*?-->", re.S | re.I)
_TAG = re.compile(r"<[^>]+>")


def data_words(app) -> set[str]:
    """Every word of every text stored in the database: what the team itself wrote."""
    conn = connect(app)
    words: set[str] = set()
    try:
        tables = [r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")]
        for table in tables:
            for row in conn.execute(f'SELECT * FROM "{table}"'):  # noqa: S608 — names from sqlite_master
                for value in row:
                    if isinstance(value, str):
                        words.update(re.findall(r"\w+", value.lower()))
    except sqlite3.DatabaseError:
        raise
    finally:
        conn.close()
    return words


def shown_words(html: str) -> list[str]:
    text = unescape(_TAG.sub(" ", _HIDDEN.sub(" ", html)))
    text = MEANT.sub(" ", text)
    return re.findall(r"\w+", text)


def test_an_english_account_sees_only_data_in_vietnamese(app, client):
    make_accounts(app)
    read_admin_in(app, ADMIN, "en")
    login(client, ADMIN)
    known = data_words(app)
    seen, queue, leaks = set(), ["/admin/"], {}
    while queue and len(seen) < 150:
        path = queue.pop(0)
        if path in seen or _SKIP.search(path):
            continue
        seen.add(path)
        response = client.get(path)
        if response.status_code != 200 or "text/html" not in response.content_type:
            continue
        html = response.get_data(as_text=True)
        for word in shown_words(html):
            if _VIETNAMESE.search(word) and word.lower() not in known:
                leaks.setdefault(word, path)
        if path.count("/") <= 4:
            queue += [unescape(link) for link in _LINK.findall(html)]
    assert len(seen) > 30  # the walk did reach the pages
    assert leaks == {}, f"Vietnamese words outside the data on English pages: {leaks}"
