#!/bin/bash
# /usr/local/sbin/langso-healthz (written by deploy/pi/install.sh), run every minute by
# langso-healthz.timer: a server that still runs but no longer answers (hung) is restarted after
# three failed checks in a row. A server that is starting or stopped is systemd's business.
#
#   langso-healthz PORT [STATE_FILE]
set -eu

PORT=${1:?cách dùng: langso-healthz PORT}
STATE=${2:-/run/langso-healthz.fails}
LIMIT=3

if [ "$(systemctl is-active langso.service || true)" != active ]; then
  rm -f "$STATE"
  exit 0
fi
if curl -fsS -m 10 -o /dev/null "http://127.0.0.1:$PORT/healthz"; then
  rm -f "$STATE"
  exit 0
fi
fails=$(( $(cat "$STATE" 2>/dev/null || echo 0) + 1 ))
if [ "$fails" -ge "$LIMIT" ]; then
  rm -f "$STATE"
  echo "langso-healthz: /healthz không trả lời $fails lần liền: khởi động lại langso"
  systemctl restart langso.service
else
  echo "$fails" >"$STATE"
  echo "langso-healthz: /healthz không trả lời (lần $fails/$LIMIT)"
fi
