#!/bin/bash
# Làng Số kiosk screen: wait until the server answers, then keep Chromium open in kiosk mode on
# /attract with a fresh profile at every start. Started from the desktop autostart (labwc,
# wayfire or X11) of the kiosk user; install.sh sets that up. docs/deploy.md explains each flag.
#
#   kiosk-browser.sh                 run (waits, starts Chromium, restarts it if it exits)
#   kiosk-browser.sh --print-flags   print the Chromium arguments for this session and exit
#   kiosk-browser.sh --scale 1.5     a device scale factor instead of the detected one
#                                    (SCALE= in kiosk.conf; "auto" detects the panel)
set -eu

CONF=${LANGSO_KIOSK_CONF:-/etc/langso/kiosk.conf}
PORT=8080
PAGE=/attract
SCREEN_OFF=
SCREEN_ON=
SCALE=auto
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

# screen_geometry: "WIDTH HEIGHT WIDTH_MM HEIGHT_MM" of the first connected output, from
# wlr-randr (labwc, wayfire) or xrandr (X11); nothing when neither tells.
screen_geometry() {
  if [ "$(session_type)" = wayland ] && command -v wlr-randr >/dev/null 2>&1; then
    wlr-randr 2>/dev/null | awk '
      /Physical size:/ { split($3, mm, "x"); mw = mm[1]; mh = mm[2] }
      /px,/ && /current/ && !w { split($1, px, "x"); w = px[1]; h = px[2] }
      END { if (w && mw) print w, h, mw, mh }'
  elif command -v xrandr >/dev/null 2>&1; then
    xrandr --query 2>/dev/null | awk '
      / connected/ && !done {
        for (i = 1; i <= NF; i++) if ($i ~ /^[0-9]+x[0-9]+\+/) { split($i, px, /[x+]/) }
        if (match($0, /[0-9]+mm x [0-9]+mm/)) {
          split(substr($0, RSTART, RLENGTH), mm, /mm x |mm/)
          if (px[1] && mm[1]) { print px[1], px[2], mm[1], mm[2]; done = 1 }
        }
      }'
  fi
}

# device_scale: the Chromium device scale factor for this screen. A CSS pixel should look about
# as big as on the 7" 800x480 panel the layout is tested on (133 ppi): 1 up to 165 ppi, then in
# quarter steps (Touch Display 2, 720x1280 at ~210 ppi: 1.25); a 4K screen shows 1920x1080.
device_scale() {
  if [ "$SCALE" != auto ]; then
    echo "$SCALE"
    return 0
  fi
  screen_geometry | awk '
    $3 > 0 && $4 > 0 {
      ppi = sqrt($1 * $1 + $2 * $2) / (sqrt($3 * $3 + $4 * $4) / 25.4)
      s = int(ppi / 165 * 4 + 0.5) / 4
      w = ($1 > $2 ? $1 : $2) / 1920
      if (w > s) s = int(w * 4) / 4
      if (s < 1) s = 1
      if (s > 3) s = 3
      print s
    }'
}

chromium_flags() {
  local scale
  scale=$(device_scale)
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
    # the Web Speech API's voices come from speech-dispatcher (espeak-ng's Vietnamese ones);
    # its "unsupported command-line flag" bar is turned off by the policy
    # CommandLineFlagSecurityWarningsEnabled (chromium-policy.json)
    --enable-speech-dispatcher
    # the profile lives in a RAM disk of 10 % of RAM (~95 MB on a 1 GB Pi): cap the cache
    --disk-cache-size=33554432
  )
  if [ -n "$scale" ] && [ "$scale" != 1 ]; then
    flags+=("--force-device-scale-factor=$scale")
  fi
  if [ "$(session_type)" = wayland ]; then
    flags+=(--ozone-platform=wayland)
  fi
  printf '%s\n' "${flags[@]}"
}

# outputs: the screens that are on now (Wayland: wlr-randr's enabled outputs), one line.
outputs() {
  wlr-randr 2>/dev/null | awk '/^[^ ]/ { name = $1 } /Enabled: yes/ { print name }' | sort | tr '\n' ' '
}

# watch_outputs PID: while Chromium (PID) runs, end it when the set of screens changes (an HDMI
# TV switched off and on): labwc then leaves it out of full screen, and the restart loop brings
# it back full screen. Only on Wayland with wlr-randr; WATCH_SECONDS between looks.
watch_outputs() {
  local pid=$1 last now changed=0
  if [ "$(session_type)" != wayland ] || ! command -v wlr-randr >/dev/null 2>&1; then
    return 0
  fi
  last=$(outputs)
  while kill -0 "$pid" 2>/dev/null; do
    sleep "${WATCH_SECONDS:-5}"
    now=$(outputs)
    if [ "$now" != "$last" ]; then
      changed=1
      last=$now
    fi
    # Back on (a screen is there again) after any change: restart in full screen.
    if [ "$changed" -eq 1 ] && [ -n "$now" ]; then
      echo "langso-kiosk: màn hình vừa tắt/bật ($now): mở lại Chromium toàn màn hình" >&2
      kill "$pid" 2>/dev/null || true
      return 0
    fi
  done
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
  if [ "${1:-}" = --scale ]; then
    SCALE=${2:?--scale cần một số, ví dụ 1.5}
    shift 2
  fi
  if ! [[ $SCALE =~ ^(auto|[0-9]+(\.[0-9]+)?)$ ]]; then
    echo "langso-kiosk: SCALE phải là auto hoặc một số như 1.25 (đang là '$SCALE')" >&2
    return 2
  fi
  if [ "${1:-}" = --print-flags ]; then
    chromium_flags
    return 0
  fi
  local browser
  if ! browser=$(find_browser); then
    echo "langso-kiosk: không thấy Chromium; cài bằng: sudo apt-get install chromium" >&2
    return 1
  fi
  # Started from the desktop's autostart, our messages would go nowhere: send them to the
  # journal (journalctl -t langso-kiosk) when there is one and no terminal.
  if [ ! -t 2 ] && [ -S /run/systemd/journal/stdout ] && command -v systemd-cat >/dev/null 2>&1; then
    exec > >(systemd-cat -t langso-kiosk) 2>&1
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
  local pid status
  while true; do
    wait_for_server
    rm -rf "$PROFILE"
    "$browser" "${flags[@]}" &
    pid=$!
    watch_outputs "$pid"
    status=0
    wait "$pid" || status=$?
    [ "$status" -eq 0 ] || echo "langso-kiosk: Chromium thoát với mã $status" >&2
    # Closed with Alt+F4, crashed, or ended by watch_outputs: open it again (after the server
    # answers again).
    sleep 2
  done
}

main "$@"
