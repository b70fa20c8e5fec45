#!/bin/bash
# Làng Số kiosk screen: wait until the server answers, then keep Chromium open in kiosk mode on
# /attract with a fresh profile at every start. Started from the desktop autostart (labwc,
# wayfire or X11) of the kiosk user; install.sh sets that up. docs/deploy.md explains each flag.
#
#   kiosk-browser.sh                 run (waits, starts Chromium, restarts it if it exits)
#   kiosk-browser.sh --print-flags   print the Chromium arguments for this session and exit
set -eu

CONF=${LANGSO_KIOSK_CONF:-/etc/langso/kiosk.conf}
PORT=8080
PAGE=/attract
SCREEN_OFF=
SCREEN_ON=
if [ -r "$CONF" ]; then
  # shellcheck source=/dev/null
  . "$CONF"
fi
BASE="http://127.0.0.1:$PORT"
HERE=$(cd "$(dirname "$0")" && pwd)
RUNTIME=${XDG_RUNTIME_DIR:-/run/user/$(id -u)}
[ -d "$RUNTIME" ] && [ -w "$RUNTIME" ] || RUNTIME=/dev/shm
# tmpfs: the profile never touches the SD card and is gone after a power cut.
PROFILE="$RUNTIME/langso-kiosk-profile"

session_type() {
  if [ -n "${WAYLAND_DISPLAY:-}" ]; then
    echo wayland
  elif [ -n "${DISPLAY:-}" ]; then
    echo x11
  else
    echo "${XDG_SESSION_TYPE:-unknown}"
  fi
}

find_browser() {
  for name in chromium chromium-browser; do
    if command -v "$name" >/dev/null 2>&1; then
      echo "$name"
      return 0
    fi
  done
  return 1
}

chromium_flags() {
  local flags=(
    --kiosk "--app=$BASE$PAGE"
    "--user-data-dir=$PROFILE"
    # no error dialogs, info bars, first-run pages or "restore pages?" after a power cut
    --noerrdialogs --disable-infobars --no-first-run --no-default-browser-check
    --disable-session-crashed-bubble --hide-crash-restore-bubble
    # the window shrinks to nothing on some HDMI screens without it (Wayland)
    --start-maximized
    # touch on; no pinch zoom, no swipe back/forward
    --touch-events=enabled --disable-pinch --overscroll-history-navigation=0
    # no "Chromium is out of date" bubble after hours, no background downloads, no translate bar
    --check-for-update-interval=31536000 --disable-component-update
    --disable-background-networking --disable-sync --disable-default-apps
    "--disable-features=Translate,MediaRouter"
    # an autologin session has no keyring to unlock
    --password-store=basic
    --lang=vi
  )
  if [ "$(session_type)" = wayland ]; then
    flags+=(--ozone-platform=wayland)
  fi
  printf '%s\n' "${flags[@]}"
}

wait_for_server() {
  local tries=0
  until curl -fsS -m 3 -o /dev/null "$BASE/healthz"; do
    tries=$((tries + 1))
    if [ $((tries % 30)) -eq 1 ]; then
      echo "langso-kiosk: đang chờ máy chủ ở $BASE/healthz" >&2
    fi
    sleep 1
  done
}

screen_setup() {
  if [ "$(session_type)" = x11 ] && command -v xset >/dev/null 2>&1; then
    # X11 only: on Wayland xset does nothing; install.sh turns blanking off with raspi-config.
    xset s off || true
    xset -dpms || true
    xset s noblank || true
  fi
  if [ -n "$SCREEN_OFF" ] && [ -n "$SCREEN_ON" ]; then
    "$HERE/screen-schedule.sh" "$SCREEN_OFF" "$SCREEN_ON" 9>&- &
  fi
}

main() {
  if [ "${1:-}" = --print-flags ]; then
    chromium_flags
    return 0
  fi
  local browser
  if ! browser=$(find_browser); then
    echo "langso-kiosk: không thấy Chromium; cài bằng: sudo apt-get install chromium" >&2
    return 1
  fi
  # labwc's autostart and the XDG autostart entry may both start us: only the first one stays.
  exec 9>"$RUNTIME/langso-kiosk.lock"
  if ! flock -n 9; then
    echo "langso-kiosk: đã chạy rồi" >&2
    return 0
  fi
  screen_setup
  local flags
  mapfile -t flags < <(chromium_flags)
  while true; do
    wait_for_server
    rm -rf "$PROFILE"
    "$browser" "${flags[@]}" || echo "langso-kiosk: Chromium thoát với mã $?" >&2
    # Closed with Alt+F4 or crashed: open it again (after the server answers again).
    sleep 2
  done
}

main "$@"
