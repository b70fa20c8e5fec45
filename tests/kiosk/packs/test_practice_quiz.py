"""practice.yaml and quiz/items.yaml: every problem with file:line, import, deterministic export."""

from __future__ import annotations

import copy

import pytest
import yaml

from kiosk import db
from kiosk.packs.check import check, load
from kiosk.packs.export import pack_files
from kiosk.packs.importer import import_pack
from kiosk.store import practice as practice_store
from kiosk.store import quiz as quiz_store
from tests.helpers.packbuilder import write_pack

GUIDE = "guides/kich-hoat-vneid"
PHONE = (b'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 360 640">'
         b'<rect width="360" height="640" fill="#fff"/></svg>')


def _screen(n: int) -> dict:
    return {"image": "practice-01.svg", "prompt": {"vi": f"Bấm nút số {n}.", "en": f"Tap {n}."},
            "hint": {"vi": "Nút ở dưới."},
            "targets": [{"rect": [130, 540, 100, 80], "right": True, "feedback": {"vi": "Đúng rồi!"}},
                        {"rect": [20, 540, 100, 80], "right": False, "feedback": {"vi": "Chưa."}}]}


def practice_yaml() -> dict:
    pad = {"image": "practice-01.svg", "prompt": {"vi": "Nhập 50.000 đồng."}, "hint": {"vi": "Gõ số."},
           "pad": {"answer": "50000", "feedback": {"vi": "Đúng số tiền."}}}
    first = {**_screen(1), "sources": ["S1"],
             "check": "Nhãn “Kích hoạt” lấy từ hướng dẫn 2022; xem lại trên điện thoại thật."}
    return {"title": {"vi": "Thực hành", "en": "Practice"},
            "screens": [first] + [_screen(n) for n in range(2, 5)] + [pad]}


def quiz_yaml() -> list:
    return [{"id": "sms-otp", "kind": "sms", "sender": {"vi": "NganHang"},
             "text": {"vi": "Gửi mã OTP để nhận quà."}, "answer": "scam",
             "explain": {"vi": "Ngân hàng không hỏi mã OTP."}, "sources": ["S1"]},
            {"id": "web-dvc", "kind": "web", "sender": {"vi": "dichvucong.gov.vn"},
             "text": {"vi": "Cổng Dịch vụ công quốc gia."}, "answer": "safe",
             "explain": {"vi": "Địa chỉ .gov.vn thật."}, "sources": ["S1"],
             "image": "dvc.svg", "retired": True}]


def _write(root, practice=None, quiz=None, svg=PHONE):
    return write_pack(root, extra={
        f"{GUIDE}/practice.yaml": yaml.safe_dump(practice or practice_yaml(), allow_unicode=True,
                                                 sort_keys=False).encode(),
        f"{GUIDE}/practice-01.svg": svg,
        "quiz/items.yaml": yaml.safe_dump(quiz or quiz_yaml(), allow_unicode=True,
                                          sort_keys=False).encode(),
        "quiz/dvc.svg": PHONE})


def _errors(path) -> list[str]:
    return [str(p) for p in check(path)[1] if p.level == "error"]


def test_a_pack_with_practice_and_quiz_checks_clean(tmp_path):
    data, problems = check(_write(tmp_path / "p"))
    assert problems == []
    assert ([p.slug for p in data.practices], [q.id for q in data.quiz]) == \
        (["kich-hoat-vneid"], ["sms-otp", "web-dvc"])


def _broken_practice(change) -> dict:
    data = copy.deepcopy(practice_yaml())
    change(data)
    return data


@pytest.mark.parametrize(("change", "expected"), [
    (lambda d: d["screens"].pop(), "practice.yaml:4: screens: cần từ 5 đến 10 màn hình"),
    (lambda d: d["screens"][0]["targets"][1].update(right=True),
     "practice.yaml:11: screens[1].targets: cần đúng một vùng bấm có right: true"),
    (lambda d: d["screens"][0]["targets"][0].update(rect=[130, 600, 100, 80]),
     "vùng bấm ra ngoài màn hình 360×640"),
    (lambda d: d["screens"][0]["targets"][0].update(rect=[130, 540, 30, 80]),
     "vùng bấm quá nhỏ (tối thiểu 44×44)"),
    (lambda d: d["screens"][4]["pad"].update(answer="50.000"),
     "screens[5].pad.answer: đáp án bàn phím số phải là từ 1 đến 12 chữ số"),
    (lambda d: d["screens"][4].update(targets=[]), "không cả hai"),
    (lambda d: d["screens"][0]["prompt"].pop("vi"), "screens[1].prompt"),
    (lambda d: d["screens"][0].update(sources=["Z9"]),
     "screens[1].sources: nguồn 'Z9' không có trong sources.yaml"),
    (lambda d: d["screens"][0].update(check=["xem lại"]), "screens[1].check: phải là chữ"),
])
def test_practice_problems_name_file_line_and_field(tmp_path, change, expected):
    errors = _errors(_write(tmp_path / "p", practice=_broken_practice(change)))
    assert any(expected in e and e.startswith(f"{GUIDE}/practice.yaml:") for e in errors), errors


def test_a_drawing_that_is_not_a_phone_is_refused(tmp_path):
    square = PHONE.replace(b"0 0 360 640", b"0 0 10 10")
    errors = _errors(_write(tmp_path / "p", svg=square))
    assert any('viewBox="0 0 360 640"' in e for e in errors), errors


def test_a_drawing_with_a_script_is_refused(tmp_path):
    evil = PHONE.replace(b"</svg>", b"<script>alert(1)</script></svg>")
    assert any(e.startswith(f"{GUIDE}/practice.yaml:") for e in _errors(_write(tmp_path / "p",
                                                                               svg=evil)))


@pytest.mark.parametrize(("change", "expected"), [
    ({"id": "A B"}, "quiz/items.yaml:1: [1].id: mã câu hỏi phải là"),
    ({"kind": "email"}, "[1].kind: loại phải là một trong: sms, zalo, call, web"),
    ({"answer": "maybe"}, "[1].answer: đáp án phải là scam (lừa đảo) hoặc safe (thật)"),
    ({"sources": []}, "[1].sources: cần ít nhất một mã nguồn"),
    ({"sources": ["Z9"]}, "[1].sources: nguồn 'Z9' không có trong sources.yaml"),
    ({"id": "web-dvc"}, "[2].id: mã 'web-dvc' bị lặp lại"),
])
def test_quiz_problems_name_file_line_and_field(tmp_path, change, expected):
    items = quiz_yaml()
    items[0].update(change)
    errors = _errors(_write(tmp_path / "p", quiz=items))
    assert any(expected in e for e in errors), errors


def _imported(tmp_path, pack):
    data_dir = tmp_path / "data"
    data_dir.mkdir(parents=True)
    conn = db.open_database(data_dir)
    import_pack(conn, data_dir, load(pack))
    return conn, data_dir


def test_import_saves_the_practice_and_the_items(tmp_path):
    conn, _ = _imported(tmp_path, _write(tmp_path / "p"))
    practice = practice_store.get_practice(conn, "kich-hoat-vneid")
    assert (len(practice.screens), practice.screens[4].pad.answer,
            practice.screens[0].targets[0].rect) == (5, "50000", (130.0, 540.0, 100.0, 80.0))
    assert (practice.screens[0].sources, practice.screens[0].check_note.startswith("Nhãn")) == \
        (("S1",), True)
    assert (practice.screens[1].sources, practice.screens[1].check_note) == ((), "")
    items = quiz_store.list_quiz_items(conn, include_retired=True)
    assert [(i.id, i.retired, i.image.ext if i.image else None) for i in items] == \
        [("sms-otp", False, None), ("web-dvc", True, "svg")]


def test_a_guide_imported_without_practice_yaml_loses_its_practice(tmp_path):
    conn, data_dir = _imported(tmp_path, _write(tmp_path / "p"))
    import_pack(conn, data_dir, load(write_pack(tmp_path / "plain")))
    assert practice_store.slugs_with_practice(conn) == set()


def test_export_import_export_is_identical(tmp_path):
    conn, data_dir = _imported(tmp_path, _write(tmp_path / "p"))
    first = pack_files(conn, data_dir)
    assert {"quiz/items.yaml", "quiz/dvc.svg", f"{GUIDE}/practice.yaml",
            f"{GUIDE}/practice-01.svg"} <= set(first)
    screen = yaml.safe_load(first[f"{GUIDE}/practice.yaml"])["screens"][0]
    assert (screen["sources"], screen["check"][:4]) == (["S1"], "Nhãn")
    out = tmp_path / "out"
    for rel, data in first.items():
        (out / rel).parent.mkdir(parents=True, exist_ok=True)
        (out / rel).write_bytes(data)
    conn2, data_dir2 = _imported(tmp_path / "again", out)
    assert pack_files(conn2, data_dir2) == first
