"""NAPAS bank directory and lookup (qr/banks.py, qr/data/banks.csv)."""

import csv
import re
import unicodedata
from pathlib import Path

import pytest

from qr import banks
from qr.emv import PayloadError

REFERENCE = Path(__file__).resolve().parents[3] / "shared" / "reference" / "napas_banks.csv"


def test_directory_has_every_bank_once():
    all_banks = banks.all_banks()
    bins = [b.bin for b in all_banks]
    assert len(all_banks) == 65
    assert len(set(bins)) == len(bins)
    assert all(len(b) == 6 and b.isdigit() for b in bins)


def test_names_are_nfc():
    for bank in banks.all_banks():
        for name in (bank.name, bank.short_name, *bank.aliases):
            assert unicodedata.normalize("NFC", name) == name


def test_only_the_known_clash_is_shared_between_banks():
    # Any other name pointing to two banks must be a deliberate decision, like BVB.
    owners: dict[str, set[str]] = {}
    for bank in banks.all_banks():
        for name in (bank.bin, bank.code, bank.short_name, bank.name, *bank.aliases):
            owners.setdefault(banks._key(name), set()).add(bank.bin)
    shared = {key: bins for key, bins in owners.items() if len(bins) > 1}
    assert shared == {"bvb": {"970438", "970454"}}


@pytest.mark.skipif(not REFERENCE.exists(), reason="shared/reference not beside the checkout")
def test_matches_reference_directory():
    with REFERENCE.open(encoding="utf-8") as handle:
        reference = {row["bin"]: row for row in csv.DictReader(handle)}
    ours = {b.bin: b for b in banks.all_banks()}
    assert set(ours) == set(reference)
    for bin_, row in reference.items():
        assert (ours[bin_].code, ours[bin_].short_name, ours[bin_].name) == (
            row["code"], row["short_name"], unicodedata.normalize("NFC", row["name"]))


@pytest.mark.parametrize(
    ("query", "bin_"),
    [
        ("970436", "970436"),
        ("VCB", "970436"),
        ("vcb", "970436"),
        ("Vietcombank", "970436"),
        ("Ngân hàng Vietcombank", "970436"),
        ("ngoai thuong", "970436"),
        ("Ngân hàng TMCP Ngoại Thương Việt Nam", "970436"),
        ("ICB", "970415"),
        ("CTG", "970415"),
        ("VietinBank", "970415"),
        ("BIDV", "970418"),
        ("Agribank", "970405"),
        ("MB", "970422"),
        ("MB Bank", "970422"),
        ("Ngân hàng MB", "970422"),
        ("Techcombank", "970407"),
        ("Sacom", "970403"),
        ("Ngân hàng Á Châu", "970416"),
        ("IBK - HN", "970455"),
        ("ibkhn", "970455"),
        # Renamed banks keep their BIN and answer to their old names.
        ("DongA Bank", "970406"),
        ("Đông Á", "970406"),
        ("Vikki", "970406"),
        ("OceanBank", "970414"),
        ("LienVietPostBank", "970449"),
        ("Liên Việt", "970449"),
        ("LPBank", "970449"),
        ("Viet Capital Bank", "970454"),
        ("Bản Việt", "970454"),
        ("Xăng dầu Petrolimex", "970430"),
    ],
)
def test_lookup(query, bin_):
    assert banks.lookup(query).bin == bin_


def test_lookup_ignores_unicode_form():
    query = "Ngân hàng Đầu tư và Phát triển"
    assert banks.lookup(unicodedata.normalize("NFD", query)) == banks.lookup(query)


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("Kookmin", "Ngân hàng 'Kookmin' khớp với 2 ngân hàng: KookminHCM (970463), KookminHN"
                    " (970462). Hãy ghi rõ hơn hoặc ghi mã ngân hàng 6 số."),
        ("BVB", "Ngân hàng 'BVB' khớp với 2 ngân hàng: BaoVietBank (970438), BVBank (970454)."
                " Hãy ghi rõ hơn hoặc ghi mã ngân hàng 6 số."),
        ("Sài Gòn", "Ngân hàng 'Sài Gòn' khớp với 4 ngân hàng: Sacombank (970403), SaigonBank"
                    " (970400), SCB (970429), SHB (970443). Hãy ghi rõ hơn hoặc ghi mã ngân hàng 6 số."),
        ("MoMo", "Không tìm thấy ngân hàng 'MoMo'. Hãy ghi mã ngân hàng (ví dụ 970436), tên viết tắt"
                 " (VCB) hoặc tên thường gọi (Vietcombank)."),
        ("97043", "Không tìm thấy ngân hàng '97043'. Hãy ghi mã ngân hàng (ví dụ 970436), tên viết tắt"
                  " (VCB) hoặc tên thường gọi (Vietcombank)."),
        (" ", "Chưa ghi ngân hàng: hãy ghi mã ngân hàng (ví dụ 970436), tên viết tắt (VCB) hoặc tên"
              " thường gọi (Vietcombank)."),
    ],
)
def test_lookup_refuses(query, message):
    with pytest.raises(PayloadError) as info:
        banks.lookup(query)
    assert str(info.value) == message
    assert info.value.field == "bank"


def test_lookup_lists_at_most_eight_candidates():
    with pytest.raises(PayloadError) as info:
        banks.lookup("viet")
    message = str(info.value)
    assert len(re.findall(r"\(\d{6}\)", message)) == 8
    assert message.startswith("Ngân hàng 'viet' khớp với 33 ngân hàng: ")
    assert message.endswith(" và 25 ngân hàng khác. Hãy ghi rõ hơn hoặc ghi mã ngân hàng 6 số.")


def test_get_by_bin():
    assert banks.get_by_bin("970416").short_name == "ACB"
    assert banks.get_by_bin("999999") is None


def test_search_empty_lists_all():
    assert banks.search("") == banks.all_banks()


def test_search_fragment():
    assert [b.bin for b in banks.search("kookmin")] == ["970463", "970462"]


def test_search_no_match():
    assert banks.search("zzzz") == []


def test_bank_is_frozen():
    bank = banks.lookup("VCB")
    with pytest.raises(AttributeError):
        bank.bin = "970416"
