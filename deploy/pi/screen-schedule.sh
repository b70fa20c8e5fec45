#!/bin/bash
# Optional nightly screen off/on for the kiosk screen, started by kiosk-browser.sh when
# /etc/langso/kiosk.conf sets SCREEN_OFF and SCREEN_ON (HH:MM, local time).
#
#   screen-schedule.sh 22:00 06:00              turn the screen off at 22:00, on at 06:00
#   screen-schedule.sh --state-at 23:15 22:00 06:00   print "off" or "on" for that time, exit
#
# Wayland (labwc, wayfire) uses wlopm, which powers the output down without removing it:
# `wlr-randr --off` would rearrange windows and knock Chromium out of kiosk full screen.
set -eu

minutes() {
  case "$1" in
    [0-2][0-9]:[0-5][0-9]) ;;
    *) echo "screen-schedule: giờ phải viết HH:MM, không phải '$1'" >&2; return 2 ;;
  esac
  local h=${1%%:*} m=${1##*:}
  if [ $((10#$h)) -gt 23 ]; then
    echo "screen-schedule: giờ phải viết HH:MM, không phải '$1'" >&2
    return 2
  fi
  echo $((10#$h * 60 + 10#$m))
}

# state_at NOW OFF ON: "off" inside [OFF, ON), which may wrap past midnight; else "on".
state_at() {
  local now off on
  now=$(minutes "$1") && off=$(minutes "$2") && on=$(minutes "$3") || return 2
  if [ "$off" -eq "$on" ]; then
    echo on
  elif [ "$off" -lt "$on" ]; then
    if [ "$now" -ge "$off" ] && [ "$now" -lt "$on" ]; then echo off; else echo on; fi
  else
    if [ "$now" -ge "$off" ] || [ "$now" -lt "$on" ]; then echo off; else echo on; fi
  fi
}

apply() {
  if [ -n "${WAYLAND_DISPLAY:-}" ]; then
    if command -v wlopm >/dev/null 2>&1; then
      wlopm "--$1" '*'
    else
      echo "screen-schedule: thiếu wlopm (sudo apt-get install wlopm)" >&2
    fi
  elif [ -n "${DISPLAY:-}" ]; then
    if [ "$1" = off ]; then
      xset dpms force off
    else
      # back on, and keep blanking off for the day
      xset dpms force on && xset -dpms
    fi
  fi
}

if [ "${1:-}" = --state-at ]; then
  [ $# -eq 4 ] || { echo "cách dùng: screen-schedule.sh --state-at HH:MM OFF ON" >&2; exit 2; }
  state_at "$2" "$3" "$4"
  exit $?
fi
[ $# -eq 2 ] || { echo "cách dùng: screen-schedule.sh OFF ON (HH:MM HH:MM)" >&2; exit 2; }
state_at 00:00 "$1" "$2" >/dev/null || exit 2
last=
while true; do
  state=$(state_at "$(date +%H:%M)" "$1" "$2")
  if [ "$state" != "$last" ]; then
    apply "$state" || echo "screen-schedule: không đổi được màn hình sang $state" >&2
    last=$state
  fi
  sleep 30
done
