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
}


def t(key: str, lang: str, **values: object) -> str:
    """The UI string `key` in `lang` (English or else Vietnamese), with {placeholders} filled."""
    vi, en = STRINGS[key]
    text = en if lang == "en" else vi
    return text.format(**values) if values else text
