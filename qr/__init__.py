"""QR codes for Làng Số: VietQR payment, link and Wi-Fi payloads, and their rendering.

A pure library (no Flask, no database): build a payload string with qr.vietqr or qr.payloads,
then render it with qr.render. Errors are qr.emv.PayloadError (a ValueError) with a Vietnamese
message, and its msgid and values apart (qr.messages) so a page can show it translated.
"""

from qr.emv import PayloadError

__all__ = ["PayloadError"]
