#!/bin/bash
# Install Làng Số on Raspberry Pi OS / Debian as a kiosk box: the server as a systemd service,
# Chromium in kiosk mode at the desktop user's login, screen blanking off. Run it again at any
# time (after an update, or to check): it only changes what differs, and says so.
# Only the first run needs the Internet (apt packages and the Python packages).
#
#   sudo deploy/pi/install.sh [--user pi] [--app-dir /opt/langso] [--data-dir /var/lib/langso]
#                             [--port 8080] [--screen-off 22:00 --screen-on 06:00] [--scale auto]
#   deploy/pi/install.sh --root DIR --user pi   write every file under DIR and run no system
#                                               command (apt, useradd, systemctl): for tests
set -eu
set -o pipefail
# put_file ends pipelines and counts changes: run the last command of a pipeline in this shell.
shopt -s lastpipe

ARGS="$*"
SRC=$(cd "$(dirname "$0")/../.." && pwd)
ROOT=
DESKTOP_USER=${SUDO_USER:-}
APP_DIR=/opt/langso
DATA_DIR=/var/lib/langso
PORT=8080
SCREEN_OFF=
SCREEN_ON=
SCALE=auto
SERVICE_USER=langso
CHANGED=0
RESTART=0

say() { printf '%s\n' "$*"; }
die() { printf 'Lỗi: %s\n' "$*" >&2; exit 1; }

usage() {
  sed -n '2,10p' "$0" | sed 's/^# \{0,1\}//'
}

while [ $# -gt 0 ]; do
  case "$1" in
    --user) DESKTOP_USER=${2:?}; shift 2 ;;
    --app-dir) APP_DIR=${2:?}; shift 2 ;;
    --data-dir) DATA_DIR=${2:?}; shift 2 ;;
    --port) PORT=${2:?}; shift 2 ;;
    --screen-off) SCREEN_OFF=${2:?}; shift 2 ;;
    --screen-on) SCREEN_ON=${2:?}; shift 2 ;;
    --scale) SCALE=${2:?}; shift 2 ;;
    --root) ROOT=${2:?}; shift 2 ;;
    -h|--help) usage; exit 0 ;;
    *) die "không hiểu '$1' (xem --help)" ;;
  esac
done
ROOT=${ROOT%/}

# Run a command that changes the system; with --root only say what would run.
run() {
  if [ -n "$ROOT" ]; then
    say "  (bỏ qua vì --root) $*"
  else
    "$@"
  fi
}

# put_file DEST MODE [OWNER]: write stdin to DEST only if the content or mode differs.
put_file() {
  local dest="$ROOT$1" mode=$2 owner=${3:-} tmp
  tmp=$(mktemp)
  cat >"$tmp"
  mkdir -p "$(dirname "$dest")"
  if [ -f "$dest" ] && cmp -s "$tmp" "$dest" && [ "$(stat -c %a "$dest")" = "${mode#0}" ]; then
    rm -f "$tmp"
    say "  giữ nguyên $1"
    return 1
  fi
  install -m "$mode" "$tmp" "$dest"
  rm -f "$tmp"
  if [ -n "$owner" ] && [ -z "$ROOT" ]; then
    chown "$owner" "$dest"
  fi
  say "  ghi        $1"
  CHANGED=$((CHANGED + 1))
  return 0
}

check_system() {
  local release=${LANGSO_OS_RELEASE:-/etc/os-release} id='' id_like=''
  [ -r "$release" ] || die "không thấy $release: cần Raspberry Pi OS hoặc Debian"
  # shellcheck source=/dev/null
  id=$(. "$release" && echo "${ID:-}")
  # shellcheck source=/dev/null
  id_like=$(. "$release" && echo "${ID_LIKE:-}")
  case " $id $id_like " in
    *" debian "*|*" raspbian "*) ;;
    *) die "chỉ chạy trên Raspberry Pi OS hoặc Debian (máy này là '$id'); trên Windows dùng deploy/windows/install.ps1" ;;
  esac
  if [ -z "$ROOT" ] && [ "$(id -u)" -ne 0 ]; then
    die "cần quyền quản trị: sudo $0 $ARGS"
  fi
  case "$PORT" in
    ''|*[!0-9]*) die "--port phải là số" ;;
  esac
  case "$APP_DIR" in
    /home/*|/root/*) die "--app-dir không được nằm trong /home hay /root (máy chủ không đọc được ở đó); dùng /opt/langso" ;;
    /*) ;;
    *) die "--app-dir phải là đường dẫn tuyệt đối" ;;
  esac
  case "$DATA_DIR" in
    /*) ;;
    *) die "--data-dir phải là đường dẫn tuyệt đối" ;;
  esac
  if [ -n "$SCREEN_OFF$SCREEN_ON" ]; then
    if [ -z "$SCREEN_OFF" ] || [ -z "$SCREEN_ON" ]; then
      die "--screen-off và --screen-on phải đi cùng nhau"
    fi
    "$SRC/deploy/pi/screen-schedule.sh" --state-at 00:00 "$SCREEN_OFF" "$SCREEN_ON" >/dev/null ||
      die "giờ tắt/bật màn hình phải viết HH:MM"
  fi
  [[ $SCALE =~ ^(auto|[0-9]+(\.[0-9]+)?)$ ]] || die "--scale phải là auto hoặc một số như 1.25"
  if [ ! -f "$SRC/run_kiosk.py" ] || [ ! -d "$SRC/kiosk" ]; then
    die "$SRC không phải thư mục Làng Số"
  fi
}

ask_desktop_user() {
  if [ -z "$DESKTOP_USER" ] || [ "$DESKTOP_USER" = root ]; then
    if [ -t 0 ]; then
      printf 'Tài khoản đăng nhập màn hình kiosk (ví dụ pi): '
      read -r DESKTOP_USER
    fi
  fi
  if [ -z "$DESKTOP_USER" ] || [ "$DESKTOP_USER" = root ]; then
    die "cho biết tài khoản màn hình kiosk: --user TÊN"
  fi
}

desktop_home() {
  if [ -n "$ROOT" ]; then
    echo "/home/$DESKTOP_USER"
  else
    getent passwd "$DESKTOP_USER" | cut -d: -f6
  fi
}

install_packages() {
  say "Gói hệ thống:"
  if [ -n "$ROOT" ]; then
    say "  (bỏ qua vì --root)"
    return
  fi
  # speech-dispatcher + espeak-ng: Chromium's read-aloud voices (Vietnamese: Bắc, Trung, Nam);
  # wlr-randr: the launcher reads the panel's size to choose a scale.
  local missing=() want=(python3-venv fonts-dejavu-core curl speech-dispatcher
                         speech-dispatcher-espeak-ng wlr-randr)
  [ -n "$SCREEN_OFF" ] && want+=(wlopm)
  local pkg
  for pkg in "${want[@]}"; do
    dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "ok installed" || missing+=("$pkg")
  done
  if ! command -v chromium >/dev/null 2>&1 && ! command -v chromium-browser >/dev/null 2>&1; then
    # Raspberry Pi OS called it chromium-browser until late 2024; Debian calls it chromium.
    if apt-cache show chromium >/dev/null 2>&1; then missing+=(chromium); else missing+=(chromium-browser); fi
  fi
  if [ ${#missing[@]} -eq 0 ]; then
    say "  đã có đủ"
    return
  fi
  say "  cài ${missing[*]}"
  CHANGED=$((CHANGED + 1))
  run apt-get update
  run env DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends "${missing[@]}"
}

make_user_and_data() {
  say "Tài khoản $SERVICE_USER và thư mục dữ liệu $DATA_DIR:"
  if [ -n "$ROOT" ] || id "$SERVICE_USER" >/dev/null 2>&1; then
    say "  tài khoản: giữ nguyên"
  else
    useradd --system --user-group --home-dir "$DATA_DIR" --no-create-home \
      --shell /usr/sbin/nologin "$SERVICE_USER"
    say "  tài khoản: đã tạo"
    CHANGED=$((CHANGED + 1))
  fi
  if [ -d "$ROOT$DATA_DIR" ]; then
    say "  thư mục: giữ nguyên"
  else
    mkdir -p "$ROOT$DATA_DIR"
    say "  thư mục: đã tạo"
    CHANGED=$((CHANGED + 1))
  fi
  chmod 0750 "$ROOT$DATA_DIR"
  run chown "$SERVICE_USER:$SERVICE_USER" "$DATA_DIR"
}

# The application files: copied (changed files only) unless the app dir is this checkout.
APP_ITEMS="run_kiosk.py pyproject.toml README.md kiosk printables qr content static docs deploy"

# sync_file FROM TO: copy if the content differs (mode 0755 for scripts, else 0644).
sync_file() {
  cmp -s "$1" "$2" 2>/dev/null && return 1
  mkdir -p "$(dirname "$2")"
  if [ -x "$1" ]; then install -m 0755 "$1" "$2"; else install -m 0644 "$1" "$2"; fi
}

copy_app() {
  say "Chương trình ở $APP_DIR:"
  local dest="$ROOT$APP_DIR" item rel copied=0 removed=0
  mkdir -p "$dest"
  if [ "$(cd "$dest" && pwd -P)" = "$(cd "$SRC" && pwd -P)" ]; then
    say "  dùng ngay thư mục này"
    return
  fi
  for item in $APP_ITEMS; do
    if [ -f "$SRC/$item" ]; then
      sync_file "$SRC/$item" "$dest/$item" && copied=$((copied + 1))
    elif [ -d "$SRC/$item" ]; then
      while IFS= read -r -d '' rel; do
        sync_file "$SRC/$item/$rel" "$dest/$item/$rel" && copied=$((copied + 1))
      done < <(cd "$SRC/$item" && find . -type f ! -path '*/__pycache__/*' -print0)
      # Files dropped from the source go here too (never the venv or the data: not listed).
      while IFS= read -r -d '' rel; do
        if [ ! -e "$SRC/$item/$rel" ]; then
          rm -f "$dest/$item/$rel"
          removed=$((removed + 1))
        fi
      done < <(cd "$dest/$item" && find . -type f ! -path '*/__pycache__/*' -print0)
    fi
  done
  if [ $((copied + removed)) -eq 0 ]; then
    say "  giữ nguyên"
  else
    say "  chép $copied tệp, xóa $removed tệp cũ"
    CHANGED=$((CHANGED + 1))
    RESTART=1
  fi
}

make_venv() {
  say "Môi trường Python (.venv):"
  local venv="$APP_DIR/.venv" stamp want
  want=$(sha256sum "$ROOT$APP_DIR/pyproject.toml" | cut -d' ' -f1)
  stamp="$ROOT$venv/.langso-installed"
  if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$want" ]; then
    say "  giữ nguyên"
  else
    # Needs the Internet (PyPI) once; later runs reuse it while pyproject.toml is unchanged.
    [ -x "$ROOT$venv/bin/python" ] || run python3 -m venv "$venv"
    run "$venv/bin/python" -m pip install --quiet -e "$APP_DIR"
    mkdir -p "$(dirname "$stamp")"
    printf '%s\n' "$want" >"$stamp"
    say "  đã cài các gói Python"
    CHANGED=$((CHANGED + 1))
    RESTART=1
  fi
  # The service may not write next to the code (ProtectSystem=strict): compile it now.
  run "$venv/bin/python" -m compileall -q "$APP_DIR/kiosk" "$APP_DIR/printables" "$APP_DIR/qr" \
    "$APP_DIR/run_kiosk.py" >/dev/null
}

write_system_files() {
  say "Tệp hệ thống:"
  if sed -e "s|@APP_DIR@|$APP_DIR|g" -e "s|@DATA_DIR@|$DATA_DIR|g" -e "s|@PORT@|$PORT|g" \
       -e "s|@USER@|$SERVICE_USER|g" "$SRC/deploy/pi/langso.service" |
     put_file /etc/systemd/system/langso.service 0644; then
    RESTART=1
  fi
  put_file /etc/chromium/policies/managed/langso.json 0644 <"$SRC/deploy/pi/chromium-policy.json" || true
  {
    say "# Làng Số kiosk screen (written by deploy/pi/install.sh; run it again to change)."
    say "PORT=$PORT"
    say "PAGE=/attract"
    say "SCREEN_OFF=$SCREEN_OFF"
    say "SCREEN_ON=$SCREEN_ON"
    say "SCALE=$SCALE"
  } | put_file /etc/langso/kiosk.conf 0644 || true
  sed -e "s|@APP_DIR@|$APP_DIR|g" -e "s|@DATA_DIR@|$DATA_DIR|g" -e "s|@USER@|$SERVICE_USER|g" \
    "$SRC/deploy/pi/langso-cli.sh" | put_file /usr/local/bin/langso 0755 || true
}

# replace_block FILE: FILE's lines outside our markers, then the block on stdin between them.
replace_block() {
  local file=$1 begin="# >>> langso kiosk >>>" end="# <<< langso kiosk <<<"
  if [ -f "$ROOT$file" ]; then
    awk -v b="$begin" -v e="$end" '$0 == b {skip = 1; next} $0 == e {skip = 0; next} !skip' \
      "$ROOT$file"
  elif [ "$file" = "$DESKTOP_HOME/.config/labwc/autostart" ] &&
       [ -f "$ROOT/etc/xdg/labwc/autostart" ]; then
    # labwc reads only the first autostart it finds: keep the system one's panel and kanshi.
    cat "$ROOT/etc/xdg/labwc/autostart"
  fi
  say "$begin"
  cat
  say "$end"
}

write_autostart() {
  say "Tự mở màn hình kiosk khi $DESKTOP_USER đăng nhập:"
  local launcher="$APP_DIR/deploy/pi/kiosk-browser.sh" owner="$DESKTOP_USER:$DESKTOP_USER"
  DESKTOP_HOME=$(desktop_home || true)
  [ -n "$DESKTOP_HOME" ] || die "không có tài khoản $DESKTOP_USER"
  local labwc="$DESKTOP_HOME/.config/labwc/autostart"
  # labwc: Raspberry Pi OS Bookworm's default desktop since late 2024.
  say "$launcher &" | replace_block "$labwc" | put_file "$labwc" 0644 "$owner" || true
  # X11 (LXDE) and any session that runs XDG autostart entries.
  cat <<EOF | put_file "$DESKTOP_HOME/.config/autostart/langso-kiosk.desktop" 0644 "$owner" || true
[Desktop Entry]
Type=Application
Name=Làng Số kiosk
Exec=$launcher
X-GNOME-Autostart-enabled=true
EOF
  # wayfire: older Bookworm images; only if that desktop is set up for this user.
  local wayfire="$DESKTOP_HOME/.config/wayfire.ini"
  if [ -f "$ROOT$wayfire" ]; then
    awk -v line="langso-kiosk = $launcher" '
      /^\[/ { if (in_auto && !done) { print line; done = 1 } in_auto = ($0 == "[autostart]") }
      /^langso-kiosk *=/ { next }
      { print }
      END { if (!done) { if (!in_auto) print "[autostart]"; print line } }' "$ROOT$wayfire" |
      put_file "$wayfire" 0644 "$owner" || true
  fi
  if [ -z "$ROOT" ]; then
    chown "$owner" "$DESKTOP_HOME/.config" "$DESKTOP_HOME/.config/labwc" \
      "$DESKTOP_HOME/.config/autostart" 2>/dev/null || true
  fi
}

screen_blanking_off() {
  say "Tắt chế độ tự tắt màn hình:"
  if [ -z "$ROOT" ] && command -v raspi-config >/dev/null 2>&1; then
    # 1 = blanking disabled (raspi-config's nonint convention).
    raspi-config nonint do_blanking 1
    say "  raspi-config: đã tắt"
  else
    say "  không có raspi-config: trên X11 trình chạy kiosk tự tắt bằng xset"
  fi
}

start_service() {
  say "Dịch vụ langso:"
  run systemctl daemon-reload
  run systemctl enable --quiet langso.service
  if [ "$RESTART" -eq 1 ]; then
    run systemctl restart langso.service
    say "  đã khởi động lại"
  else
    run systemctl start langso.service
    say "  đang chạy"
  fi
  [ -n "$ROOT" ] && return 0
  local i
  for i in $(seq 1 30); do
    curl -fsS -m 2 -o /dev/null "http://127.0.0.1:$PORT/healthz" && return 0
    [ "$i" -eq 30 ] || sleep 1
  done
  say "  máy chủ chưa trả lời; xem: journalctl -u langso -n 50"
}

finish() {
  say ""
  if [ "$CHANGED" -eq 0 ]; then
    say "Không có gì thay đổi: máy đã được cài đặt như thế này."
  else
    say "Xong: $CHANGED mục đã thay đổi."
  fi
  local ips
  ips=$(hostname -I 2>/dev/null || true)
  say "Mở trên màn hình: http://127.0.0.1:$PORT/attract"
  for ip in $ips; do
    case "$ip" in *:*) continue ;; esac
    say "Điện thoại trong Wi-Fi: http://$ip:$PORT/"
  done
  say ""
  say "Bước tiếp theo:"
  say "  1. Tạo tài khoản quản trị:   sudo langso create-user chu-tich --role admin"
  say "  2. Đăng nhập http://<địa chỉ trên>:$PORT/login, đặt Địa chỉ công khai (Quản trị › Thiết lập)"
  say "  3. Kiểm tra:                  sudo langso doctor"
  say "  4. Khởi động lại máy (sudo reboot) để thấy màn hình kiosk tự mở."
}

check_system
ask_desktop_user
install_packages
make_user_and_data
copy_app
make_venv
write_system_files
write_autostart
screen_blanking_off
start_service
finish
