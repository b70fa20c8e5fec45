"""The kiosk's own words (buttons, headings), Vietnamese first, English second.

Content text comes from packs in any language; these few UI strings exist in vi and en, and any
other pack language (Tày, H'Mông…) shows them in Vietnamese, which its speakers read.
"""

from __future__ import annotations

STRINGS: dict[str, tuple[str, str]] = {
    "app_name": ("Làng Số", "Làng Số"),
    "touch_to_start": ("Chạm để bắt đầu", "Touch to start"),
    "attract_lead": ("Hướng dẫn từng bước cách dùng điện thoại: dịch vụ công, thanh toán, "
                     "VNeID, chống lừa đảo…",
                     "Step-by-step help with your phone: public services, payments, VNeID, "
                     "staying safe…"),
    "choose_topic": ("Bạn muốn học điều gì?", "What would you like to learn?"),
    "home": ("Trang đầu", "Home"),
    "back": ("Quay lại", "Back"),
    "next": ("Tiếp theo", "Next"),
    "finish": ("Xong", "Finish"),
    "start_guide": ("Bắt đầu", "Start"),
    "steps_count": ("{n} bước", "{n} steps"),
    "you_need": ("Bạn cần chuẩn bị", "What you need"),
    "updated": ("Cập nhật: {date}", "Updated: {date}"),
    "tap_to_close": ("Chạm vào đây để đóng", "Tap here to close"),
    "step_of": ("Bước {n}/{total}", "Step {n}/{total}"),
    "tip": ("Mẹo", "Tip"),
    "warning": ("Cẩn thận", "Be careful"),
    "read_aloud": ("Đọc to", "Read aloud"),
    "stop_reading": ("Dừng đọc", "Stop"),
    "text_smaller": ("Chữ nhỏ hơn", "Smaller text"),
    "text_larger": ("Chữ to hơn", "Larger text"),
    "language": ("Ngôn ngữ", "Language"),
    "continue_on_phone": ("Tiếp tục trên điện thoại", "Continue on your phone"),
    "continue_on_phone_help": ("Mở máy ảnh hoặc Zalo, quét mã này để xem tiếp bước này ở nhà.",
                               "Scan this code with your camera or Zalo to continue at home."),
    "done_title": ("Bạn đã làm xong!", "You have finished!"),
    "done_text": ("Bạn có thể xem lại, hoặc hỏi thành viên Tổ công nghệ số cộng đồng nếu cần giúp.",
                  "You can go through it again, or ask the community digital technology team for "
                  "help."),
    "again": ("Làm lại", "Start again"),
    "still_there": ("Bạn còn xem không?", "Are you still there?"),
    "still_there_text": ("Màn hình sẽ trở về trang đầu sau {s} giây.",
                         "The screen will go back to the start in {s} seconds."),
    "continue": ("Tiếp tục", "Continue"),
    "fallback_notice": ("Phần này chưa có bản dịch, đang hiện tiếng Việt.",
                        "This part is not translated yet; showing Vietnamese."),
    "not_found_title": ("Không tìm thấy trang này", "Page not found"),
    "not_found_text": ("Trang bạn tìm không có hoặc đã được chuyển đi.",
                       "The page you are looking for does not exist or has moved."),
    "error_title": ("Có lỗi xảy ra", "Something went wrong"),
    "error_text": ("Máy gặp trục trặc. Bạn hãy thử lại, hoặc báo cho Tổ công nghệ số cộng đồng.",
                   "Something went wrong. Please try again, or tell the digital technology team."),
    "cat.public-services": ("Dịch vụ công trực tuyến", "Online public services"),
    "cat.shopping": ("Mua bán trực tuyến", "Online shopping and selling"),
    "cat.payment": ("Thanh toán trực tuyến", "Cashless payment"),
    "cat.safety": ("Tự bảo vệ trên không gian mạng", "Staying safe online"),
    "cat.platforms": ("Nền tảng số khác", "Other digital platforms"),
    "cat.vneid": ("Định danh điện tử VNeID", "VNeID electronic ID"),
    # Practice on the pretend phone and the scam quiz (kiosk/web/practice.py, static/js).
    "practice": ("Thực hành", "Practise"),
    "has_practice": ("Có thực hành", "With practice"),
    "practice_needs_js": ("Phần thực hành chỉ dùng được trên màn hình cảm ứng của nhà văn hóa.",
                          "Practice works on the touchscreen at the cultural house."),
    "practice_screen_of": ("Màn hình {n}/{total}", "Screen {n}/{total}"),
    "practice_right": ("Đúng rồi!", "That's right!"),
    "practice_leave": ("Về hướng dẫn", "Back to the guide"),
    "practice_done": ("Xong!", "Done!"),
    "practice_done_text": ("Bạn đã tập xong. Trên điện thoại thật, bạn cũng làm như vậy.",
                           "You have finished. On a real phone you do the same."),
    "pad_delete": ("Xóa số", "Delete"),
    "quiz": ("Thật hay lừa?", "Real or scam?"),
    "quiz_lead": ("Tập nhận ra tin nhắn lừa đảo", "Learn to spot scam messages"),
    "quiz_scam": ("Lừa đảo", "Scam"),
    "quiz_safe": ("An toàn", "Safe"),
    "quiz_right": ("Đúng rồi!", "Right!"),
    "quiz_wrong": ("Chưa đúng.", "Not quite."),
    "quiz_item_of": ("Tin {n}/{total}", "Message {n}/{total}"),
    "quiz_score": ("Bạn trả lời đúng {n}/{total}", "You got {n} of {total} right"),
    "quiz_missed": ("Những tin cần xem lại:", "Messages to look at again:"),
    "quiz_again": ("Chơi lại", "Play again"),
    "quiz_call": ("Cuộc gọi", "Call"),
    "quiz_empty": ("Chưa có tin nào để chơi.", "No messages to play yet."),
    # Public phone pages: heritage sites and shop payment pages (kiosk/heritage.py, shops.py).
    "pub_sites_title": ("Di tích của thôn", "The hamlet's heritage sites"),
    "pub_no_sites": ("Thôn chưa giới thiệu di tích nào.", "No heritage sites yet."),
    "pub_year": ("Niên đại", "Date"),
    "pub_listen": ("Nghe thuyết minh", "Listen to the story"),
    "pub_audio_in_vi": ("(tiếng Việt)", "(in Vietnamese)"),
    "pub_directions": ("Đường đến", "How to get there"),
    "pub_coordinates": ("Tọa độ", "Coordinates"),
    "pub_open_map": ("Mở trong ứng dụng bản đồ", "Open in your map app"),
    "pub_other_sites": ("Các di tích khác", "Other sites"),
    "pub_all_sites": ("Tất cả di tích của thôn", "All the hamlet's sites"),
    "pub_share": ("Chia sẻ trang này", "Share this page"),
    "pub_share_help": ("Người bên cạnh quét mã này bằng máy ảnh hoặc Zalo để mở trang này.",
                       "Someone next to you can scan this code with a camera or Zalo to open "
                       "this page."),
    "pub_retired_title": ("Di tích này không còn được giới thiệu",
                          "This site is no longer presented"),
    "pub_retired_text": ("Trang về «{name}» đã được thôn gỡ xuống. Mời bạn xem các di tích "
                         "khác của thôn.",
                         "The page about “{name}” has been taken down by the hamlet. Have a look "
                         "at its other sites."),
    "pub_not_found_text": ("Mã hoặc đường dẫn này không có. Bạn kiểm tra lại mã trên bảng, hoặc "
                           "xem các di tích của thôn.",
                           "This code or link does not exist. Check the code on the sign, or see "
                           "the hamlet's sites."),
    "pub_demo_mark": ("MẪU — KHÔNG CHUYỂN TIỀN", "MẪU — KHÔNG CHUYỂN TIỀN (demo: do not pay)"),
    "pub_demo_text": ("Đây là cửa hàng mẫu để tập quét mã. Đừng chuyển tiền vào tài khoản này.",
                      "This is a practice shop. Do not send money to this account."),
    "pub_code_open": ("Quét mã bằng ứng dụng ngân hàng, rồi nhập số tiền.",
                      "Scan with your bank app, then type the amount."),
    "pub_code_amount": ("Quét mã bằng ứng dụng ngân hàng: số tiền {amount} đ đã có sẵn.",
                        "Scan with your bank app: the amount {amount} VND is filled in."),
    "pub_amount_label": ("Số tiền (đồng)", "Amount (VND)"),
    "pub_amount_help": ("Nhập số tiền để mã có sẵn số tiền, ví dụ 35000 hoặc 35.000.",
                        "Type an amount to put it in the code, e.g. 35000 or 35.000."),
    "pub_make_code": ("Tạo mã", "Make code"),
    "pub_static_no_amount": ("Bản sao tĩnh này không tạo được mã có số tiền: quét mã rồi nhập "
                             "số tiền trong ứng dụng ngân hàng.",
                             "This static copy cannot put an amount in the code: scan it, then "
                             "type the amount in your bank app."),
    "pub_bank_shows": ("Ứng dụng ngân hàng sẽ hiện", "Your bank app will show"),
    "pub_bank": ("Ngân hàng", "Bank"),
    "pub_bank_unknown": ("Ngân hàng có mã BIN {bin}", "Bank with BIN {bin}"),
    "pub_holder": ("Chủ tài khoản", "Account holder"),
    "pub_account": ("Số tài khoản", "Account number"),
    "pub_purpose": ("Nội dung", "Message"),
    "pub_copy_account": ("Chép số", "Copy"),
    "pub_copied": ("Đã chép", "Copied"),
    "pub_check_holder": ("Trước khi bấm chuyển, hãy xem tên chủ tài khoản có đúng như trên không.",
                         "Before you confirm, check that the account holder's name matches."),
}


def t(key: str, lang: str, **values: object) -> str:
    """The UI string `key` in `lang` (English or else Vietnamese), with {placeholders} filled."""
    vi, en = STRINGS[key]
    text = en if lang == "en" else vi
    return text.format(**values) if values else text


_MONTHS_EN = ("January", "February", "March", "April", "May", "June", "July", "August",
              "September", "October", "November", "December")


def day(iso: str, lang: str) -> str:
    """A YYYY-MM-DD day as residents write it: 5/3/2026 in Vietnamese, 5 March 2026 in English."""
    year, month, dd = (int(part) for part in iso.split("-"))
    if lang == "en":
        return f"{dd} {_MONTHS_EN[month - 1]} {year}"
    return f"{dd}/{month}/{year}"
