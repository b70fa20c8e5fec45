"""The committed catalogs are not stale: messages.pot holds exactly the words the code uses, en.po
translates every one of them, and en/…/messages.mo is what en.po compiles to (issue 17).

If this fails, run the commands of docs/translating.md ("The app's own catalogs").
"""

from __future__ import annotations

from pathlib import Path

from babel.messages.frontend import CommandLineInterface
from babel.messages.pofile import read_po

from kiosk.packs.ui_po import check_po

ROOT = Path(__file__).resolve().parents[3]
CATALOGS = ROOT / "kiosk" / "translations"
# The same options as docs/translating.md.
EXTRACT = ["-F", str(ROOT / "babel.cfg"), "-k", "lazy_gettext", "-k", "_l", "-k", "N_", "--no-wrap"]


def msgids(path: Path) -> set[str]:
    with path.open("rb") as f:
        return {m.id for m in read_po(f) if m.id}


def pybabel(*args: str) -> None:
    CommandLineInterface().run(["pybabel", "-q", *args])


def test_messages_pot_has_every_word_of_the_code_and_no_other(tmp_path):
    fresh = tmp_path / "messages.pot"
    pybabel("extract", *EXTRACT, "-o", str(fresh), str(ROOT))
    found, committed = msgids(fresh), msgids(CATALOGS / "messages.pot")
    assert found - committed == set(), "new words not in messages.pot: re-extract"
    assert committed - found == set(), "messages.pot has words the code no longer uses"
    assert len(found) > 100  # the extraction did look at the templates and the code


def test_english_translates_every_word_with_the_same_placeholders():
    po = CATALOGS / "en" / "LC_MESSAGES" / "messages.po"
    with po.open("rb") as f:
        catalog = read_po(f)
    assert {m.id for m in catalog if m.id} == msgids(CATALOGS / "messages.pot")
    untranslated = [m.id for m in catalog if m.id and (not m.string or m.fuzzy)]
    assert untranslated == []
    assert check_po(po.read_text(encoding="utf-8")) is None


def test_the_committed_mo_is_what_the_po_compiles_to(tmp_path):
    out = tmp_path / "messages.mo"
    pybabel("compile", "-i", str(CATALOGS / "en" / "LC_MESSAGES" / "messages.po"), "-o", str(out))
    assert out.read_bytes() == (CATALOGS / "en" / "LC_MESSAGES" / "messages.mo").read_bytes()
