"""NAPAS bank directory: find the bank (and its BIN) a team member means by BIN, code or name."""

from __future__ import annotations

import csv
import functools
import io
import re
import unicodedata
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

from qr.emv import PayloadError
from qr.messages import N_

DATA_FILE = Path(__file__).with_name("data") / "banks.csv"
# Words that say "a bank" rather than which bank, so "Ngân hàng Vietcombank" finds Vietcombank.
_GENERIC_WORDS = frozenset({"ngan", "hang", "nh", "tmcp", "tnhh", "mtv", "bank"})
# How many candidates an ambiguity error lists before "…".
_MAX_LISTED = 8


@dataclass(frozen=True)
class Bank:
    """One bank: NAPAS BIN, NAPAS code, current short name, legal name (NFC) and other names."""

    bin: str
    code: str
    short_name: str
    name: str
    aliases: tuple[str, ...]

    def label(self) -> str:
        """Return "ShortName (BIN)", the way errors and summaries name a bank."""
        return f"{self.short_name} ({self.bin})"


def _words(text: str) -> list[str]:
    """Return the lowercase ASCII words of `text`, ignoring diacritics and Unicode form."""
    decomposed = unicodedata.normalize("NFD", text)
    plain = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    # đ/Đ have no decomposition, so NFD alone leaves them.
    plain = plain.replace("đ", "d").replace("Đ", "D").casefold()
    return re.findall(r"[a-z0-9]+", plain)


def _key(text: str) -> str:
    return "".join(_words(text))


def _core_key(text: str) -> str:
    return "".join(w for w in _words(text) if w not in _GENERIC_WORDS)


def _names(bank: Bank) -> tuple[str, ...]:
    return (bank.bin, bank.code, bank.short_name, bank.name, *bank.aliases)


@dataclass(frozen=True)
class _Directory:
    banks: tuple[Bank, ...]
    by_bin: dict[str, Bank]
    exact: dict[str, tuple[str, ...]]  # full key -> BINs
    core: dict[str, tuple[str, ...]]  # key without generic words -> BINs


def _index(banks: tuple[Bank, ...], keyfunc: Callable[[str], str]) -> dict[str, tuple[str, ...]]:
    index: dict[str, list[str]] = {}
    for bank in banks:
        for name in _names(bank):
            key = keyfunc(name)
            if key and bank.bin not in index.setdefault(key, []):
                index[key].append(bank.bin)
    return {key: tuple(bins) for key, bins in index.items()}


def parse_directory(text: str) -> tuple[Bank, ...]:
    """Parse the banks.csv format (comment lines start with '#') into Bank records.

    Raises:
        ValueError: a BIN is not 6 digits or appears twice, or a required column is empty.
    """
    lines = [line for line in io.StringIO(text) if not line.startswith("#")]
    banks: list[Bank] = []
    seen: set[str] = set()
    for row in csv.DictReader(lines):
        bin_ = row["bin"].strip()
        if not (len(bin_) == 6 and bin_.isdigit()) or bin_ in seen:
            raise ValueError(f"banks.csv: bad or repeated BIN {bin_!r}")
        if not (row["code"] and row["short_name"] and row["name"]):
            raise ValueError(f"banks.csv: empty code or name for BIN {bin_}")
        seen.add(bin_)
        aliases = tuple(a for a in (row.get("aliases") or "").split("|") if a)
        banks.append(Bank(
            bin=bin_, code=row["code"], short_name=row["short_name"],
            name=unicodedata.normalize("NFC", row["name"]),
            aliases=tuple(unicodedata.normalize("NFC", a) for a in aliases),
        ))
    return tuple(sorted(banks, key=lambda b: b.short_name.casefold()))


@functools.cache
def _directory() -> _Directory:
    # Loaded once and never mutated; the data ships inside the package.
    text = DATA_FILE.read_text(encoding="utf-8")
    banks = parse_directory(text)
    return _Directory(
        banks=banks,
        by_bin={b.bin: b for b in banks},
        exact=_index(banks, _key),
        core=_index(banks, _core_key),
    )


def all_banks() -> list[Bank]:
    """Return every bank in the directory, sorted by short name."""
    return list(_directory().banks)


def get_by_bin(bin: str) -> Bank | None:
    """Return the bank with this NAPAS BIN, or None."""
    return _directory().by_bin.get(bin.strip())


def _banks_for(bins: Iterable[str]) -> list[Bank]:
    by_bin = _directory().by_bin
    return sorted((by_bin[b] for b in set(bins)), key=lambda b: b.short_name.casefold())


def _substring_matches(core: str) -> list[Bank]:
    directory = _directory()
    bins = {b for key, found in directory.core.items() if core in key for b in found}
    return _banks_for(bins)


def search(query: str = "") -> list[Bank]:
    """Return banks whose BIN, code or any name contains `query` (all banks for an empty query).

    Matching ignores case, diacritics, spaces and punctuation, and words such as "ngân hàng".
    """
    if not query.strip():
        return all_banks()
    core = _core_key(query) or _key(query)
    if not core:
        return []
    return _substring_matches(core)


def lookup(query: str) -> Bank:
    """Return the one bank meant by a BIN, NAPAS code, short name, old name or legal name.

    An exact match (ignoring case and diacritics) wins; otherwise a name fragment of at least
    3 letters is accepted when it points to exactly one bank. A wrong bank would send money to
    the wrong place, so anything that could mean two banks is refused.

    Raises:
        PayloadError: no bank matches, or several do (the message lists them).
    """
    text = query.strip()
    if not text:
        raise PayloadError(
            N_("Chưa ghi ngân hàng: hãy ghi mã ngân hàng (ví dụ 970436), tên viết tắt (VCB) hoặc"
               " tên thường gọi (Vietcombank)."),
            field="bank", value=query,
        )
    directory = _directory()
    key, core = _key(text), _core_key(text)
    candidates = _banks_for(directory.exact.get(key, ()))
    if not candidates and not text.isdigit():
        # A fragment counts only if it is unique among ALL names containing it: "Sài Gòn" is
        # SCB's legal name once "ngân hàng TMCP" is dropped, but also part of three other names.
        if len(core) >= 3:
            candidates = _substring_matches(core)
        else:
            candidates = _banks_for(directory.core.get(core, ()))
    if len(candidates) == 1:
        return candidates[0]
    if candidates:
        listed = ", ".join(b.label() for b in candidates[:_MAX_LISTED])
        rest = len(candidates) - _MAX_LISTED
        template = (
            N_("Ngân hàng '%(text)s' khớp với %(count)s ngân hàng: %(banks)s và %(rest)s ngân hàng"
               " khác. Hãy ghi rõ hơn hoặc ghi mã ngân hàng 6 số.") if rest > 0 else
            N_("Ngân hàng '%(text)s' khớp với %(count)s ngân hàng: %(banks)s. Hãy ghi rõ hơn hoặc"
               " ghi mã ngân hàng 6 số."))
        raise PayloadError(template, field="bank", value=query, text=text, count=len(candidates),
                           banks=listed, rest=rest)
    raise PayloadError(
        N_("Không tìm thấy ngân hàng '%(text)s'. Hãy ghi mã ngân hàng (ví dụ 970436), tên viết tắt"
           " (VCB) hoặc tên thường gọi (Vietcombank)."),
        field="bank", value=query, text=text,
    )
