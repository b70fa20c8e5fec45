#!/bin/bash
# /usr/local/sbin/langso-set-clock (written by deploy/pi/install.sh), run as root by
# langso-clock.service when the server writes DATA/clock-request: a team member confirmed in
# the admin that this box's clock should follow their phone (a Pi with no clock battery boots
# hours behind). The request holds seconds since 1970 (UTC); only a plausible time ahead of
# the clock is applied, so a broken-into server can never turn the clock back.
#
#   langso-set-clock FILE     apply FILE's time, then remove FILE
set -eu

REQUEST=${1:?cách dùng: langso-set-clock TỆP}
[ -f "$REQUEST" ] || exit 0
value=$(head -c 32 "$REQUEST" | tr -d '[:space:]')
rm -f "$REQUEST"
case "$value" in
  ''|*[!0-9]*) echo "langso-set-clock: không phải một thời điểm: '$value'" >&2; exit 1 ;;
esac
# Between 2025-01-01 and 2100-01-01 (and short enough for shell arithmetic).
if [ "${#value}" -gt 10 ] || [ "$value" -lt 1735689600 ] || [ "$value" -ge 4102444800 ]; then
  echo "langso-set-clock: thời điểm ngoài khoảng 2025–2099: $value" >&2
  exit 1
fi
now=$(date +%s)
if [ "$value" -le "$now" ]; then
  echo "langso-set-clock: đồng hồ đã ở sau thời điểm này; không đổi"
  exit 0
fi
date -u -s "@$value" >/dev/null
# fake-hwclock (no clock battery): save now, so the next boot starts from here.
if command -v fake-hwclock >/dev/null 2>&1; then
  fake-hwclock save || echo "langso-set-clock: fake-hwclock save không chạy được" >&2
fi
echo "langso-set-clock: đã đặt giờ $(date '+%Y-%m-%d %H:%M:%S %Z') (nhanh thêm $((value - now)) giây)"
