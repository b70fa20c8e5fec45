"""`langso vietqr` and `langso banks` (kiosk/cli/qr.py), run through click's CliRunner."""

import io
import xml.etree.ElementTree as ET

import pytest
import zxingcpp
from click.testing import CliRunner
from PIL import Image

from kiosk.cli.qr import banks_command, vietqr_command

ACB_DYNAMIC = ("00020101021238530010A0000007270123000697041601092576788590208QRIBFTTA530370454051"
               "00005802VN62150811Chuyen tien630453E6")  # xuannghia/vietnam-qr-pay README.md


@pytest.fixture
def run():
    runner = CliRunner()
    return lambda command, *args: runner.invoke(command, list(args))


def test_vietqr_prints_payload(run):
    result = run(vietqr_command, "--bank", "ACB", "--account", "257678859", "--amount", "10.000",
                 "--purpose", "Chuyen tien")
    assert result.exit_code == 0
    assert result.stdout == ACB_DYNAMIC + "\n"
    assert result.stderr == "ACB (970416) – 257678859\n"


def test_vietqr_says_when_purpose_was_transliterated(run):
    result = run(vietqr_command, "--bank", "970416", "--account", "257678859", "--amount",
                 "10000", "--purpose", "Chuyển tiền", "--name", "Nguyễn Văn An")
    assert result.exit_code == 0
    assert result.stdout == ACB_DYNAMIC + "\n"
    assert result.stderr.splitlines() == [
        "Lưu ý: nội dung chuyển khoản đã được bỏ dấu thành 'Chuyen tien'.",
        "ACB (970416) – 257678859, chủ tài khoản Nguyễn Văn An",
    ]


def test_vietqr_warns_about_large_amounts(run):
    result = run(vietqr_command, "--bank", "VCB", "--account", "1", "--amount", "600.000.000")
    assert result.exit_code == 0
    assert result.stderr.splitlines()[0] == (
        "Lưu ý: Số tiền 600.000.000 đồng từ 500 triệu trở lên: chuyển nhanh NAPAS 247 có thể bị"
        " ngân hàng của người trả từ chối.")


def test_vietqr_card(run):
    result = run(vietqr_command, "--bank", "Agribank", "--account", "9704050123456789", "--card")
    assert result.exit_code == 0
    # Expected value from napas-qr-python 0.2.0, an independent encoder.
    assert result.stdout == (
        "00020101021138600010A00000072701300006970405011697040501234567890208QRIBFTTC53037045802"
        "VN630431B7\n")


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--bank", "Kookmin", "--account", "123"],
         "Lỗi: Ngân hàng 'Kookmin' khớp với 2 ngân hàng: KookminHCM (970463), KookminHN (970462)."
         " Hãy ghi rõ hơn hoặc ghi mã ngân hàng 6 số."),
        (["--bank", "VCB", "--account", "0123-456"],
         "Lỗi: Số tài khoản '0123-456' có ký tự không hợp lệ '-': chỉ được dùng chữ số 0–9 và chữ"
         " in hoa A–Z, không dấu cách, không gạch."),
        (["--bank", "VCB", "--account", "123", "--amount", "1.50"],
         "Lỗi: Số tiền '1.50' không rõ ràng: tiền Việt không có phần lẻ. Hãy ghi số nguyên đồng,"
         " ví dụ 150000 hoặc 150.000."),
        (["--bank", "VCB", "--account", "123", "--purpose", "Thanh toán tiền hàng tháng mười"],
         "Lỗi: Nội dung chuyển khoản dài 31 ký tự sau khi bỏ dấu, tối đa 25: 'Thanh toan tien"
         " hang thang muoi'."),
        (["--bank", "VCB", "--account", "123", "--card", "--amount", "5000"],
         None),
        (["--bank", "VCB", "--account", "123", "--png", "a.png", "--svg", "a.svg"],
         "Lỗi: Chỉ chọn một trong hai: --png hoặc --svg."),
    ],
)
def test_vietqr_user_errors_are_one_line_exit_2(run, args, message):
    result = run(vietqr_command, *args)
    if message is None:  # a short card number is valid input
        assert result.exit_code == 0
        return
    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr == message + "\n"
    assert result.exception is None or isinstance(result.exception, SystemExit)


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--account", "123"], "Lỗi: Thiếu --bank (xem --help).\n"),
        (["--bank", "VCB", "--account", "1", "--amout", "5"],
         "Lỗi: Không có tùy chọn --amout (xem --help).\n"),
        (["--bank", "VCB", "--account", "1", "extra"],
         "Lỗi: Dòng lệnh không hợp lệ: thừa đối số extra (xem --help).\n"),
    ],
)
def test_vietqr_usage_errors_are_one_line_exit_2(run, args, message):
    result = run(vietqr_command, *args)
    assert (result.exit_code, result.stderr) == (2, message)


def test_help_still_works(run):
    result = run(vietqr_command, "--help")
    assert result.exit_code == 0
    assert "--purpose TEXT" in result.stdout


def test_vietqr_writes_png_that_decodes(run, tmp_path):
    out = tmp_path / "shop.png"
    result = run(vietqr_command, "--bank", "ACB", "--account", "257678859", "--amount", "10000",
                 "--purpose", "Chuyen tien", "--png", str(out))
    assert result.exit_code == 0
    [code] = zxingcpp.read_barcodes(Image.open(io.BytesIO(out.read_bytes())))
    assert (code.text, code.ec_level) == (ACB_DYNAMIC, "M")
    assert [p.name for p in tmp_path.iterdir()] == ["shop.png"]  # no temp file left behind


def test_vietqr_writes_svg(run, tmp_path):
    out = tmp_path / "shop.svg"
    result = run(vietqr_command, "--bank", "ACB", "--account", "257678859", "--svg", str(out))
    assert result.exit_code == 0
    assert ET.fromstring(out.read_text(encoding="utf-8")).tag == "{http://www.w3.org/2000/svg}svg"
    assert result.stderr.splitlines()[-1] == f"Đã ghi {out}"


def test_vietqr_replaces_existing_file(run, tmp_path):
    out = tmp_path / "shop.png"
    out.write_bytes(b"old")
    assert run(vietqr_command, "--bank", "ACB", "--account", "1", "--png", str(out)).exit_code == 0
    assert out.read_bytes().startswith(b"\x89PNG")


def test_vietqr_unwritable_target_is_exit_2(run, tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("x")
    result = run(vietqr_command, "--bank", "ACB", "--account", "1", "--png",
                 str(blocker / "shop.png"))
    assert result.exit_code == 2
    assert result.stderr.startswith(f"Lỗi: Không ghi được tệp '{blocker / 'shop.png'}'")
    assert len(result.stderr.splitlines()) == 1
    assert result.stdout == ""


def test_banks_lists_matches(run):
    result = run(banks_command, "kookmin")
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    assert [line.split()[0] for line in lines] == ["970463", "970462"]
    assert "Ngân hàng Kookmin - Chi nhánh Hà Nội" in lines[1]


def test_banks_without_query_lists_all(run):
    result = run(banks_command)
    assert result.exit_code == 0
    assert len(result.stdout.splitlines()) == 65


def test_banks_no_match_is_exit_2(run):
    result = run(banks_command, "zzzz")
    assert result.exit_code == 2
    assert result.stderr == "Lỗi: Không có ngân hàng nào khớp với 'zzzz'.\n"
