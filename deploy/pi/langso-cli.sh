#!/bin/sh
# /usr/local/bin/langso (written by deploy/pi/install.sh): run the `langso` command as the
# server's account on the server's data, so files it makes stay usable by the service.
#   sudo langso create-user chu-tich --role admin      sudo langso doctor
set -eu
export LANGSO_DATA=@DATA_DIR@
if [ "$(id -un)" = @USER@ ]; then
  exec @VENV@/bin/langso "$@"
elif [ "$(id -u)" -eq 0 ]; then
  exec runuser -u @USER@ -- env LANGSO_DATA=@DATA_DIR@ @VENV@/bin/langso "$@"
else
  echo "Lỗi: hãy chạy bằng sudo: sudo langso $*" >&2
  exit 2
fi
