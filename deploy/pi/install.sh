#!/bin/bash
# Install Làng Số on Raspberry Pi OS / Debian as a kiosk box: the server as a systemd service,
# Chromium in kiosk mode at the desktop user's login, screen blanking off. Run it again at any
# time (after an update, or to check): it only changes what differs, and says so.
# Only the first run needs the Internet (apt packages; the Python packages too unless a
# wheelhouse folder sits next to deploy/). Start it with bash: a USB stick drops execute bits.
#
#   sudo bash deploy/pi/install.sh [--user "$USER"] [--app-dir /opt/langso] [--data-dir /var/lib/langso]
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
WROTE=0
# A half-copied new version (copy_app) is removed whatever stops the installer.
STAGE=
trap '[ -z "$STAGE" ] || rm -rf "$STAGE"' EXIT

say() { printf '%s\n' "$*"; }
die() { printf 'Lỗi: %s\n' "$*" >&2; exit 1; }

usage() {
  sed -n '2,11p' "$0" | sed 's/^# \{0,1\}//'
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
APP_DIR=${APP_DIR%/}
# Each version in its own folder, $APP_DIR a link to the current one (see copy_app); the Python
# packages beside them, shared by every version.
RELEASES="$APP_DIR-releases"
VENV="$APP_DIR-venv"
TIME_ZONE=Asia/Ho_Chi_Minh

# Run a command that changes the system; with --root only say what would run.
run() {
  if [ -n "$ROOT" ]; then
    say "  (bỏ qua vì --root) $*"
  else
    "$@"
  fi
}

# put_file DEST MODE [OWNER]: write stdin to DEST only if the content or mode differs; sets
# WROTE to 1 if it wrote. Every step is checked: this runs where `set -e` may not apply.
put_file() {
  local dest="$ROOT$1" mode=$2 owner=${3:-} tmp
  WROTE=0
  tmp=$(mktemp) || die "không tạo được tệp tạm"
  cat >"$tmp" || die "không đọc được nội dung cho $1"
  mkdir -p "$(dirname "$dest")" || die "không tạo được thư mục cho $1"
  if [ -f "$dest" ] && cmp -s "$tmp" "$dest" && [ "$(stat -c %a "$dest")" = "${mode#0}" ]; then
    rm -f "$tmp"
    say "  giữ nguyên $1"
    return 0
  fi
  install -m "$mode" "$tmp" "$dest" || { rm -f "$tmp"; die "không ghi được $1 (thẻ nhớ đầy?)"; }
  rm -f "$tmp"
  if [ -n "$owner" ] && [ -z "$ROOT" ]; then
    chown "$owner" "$dest" || die "không đổi được chủ của $1"
  fi
  say "  ghi        $1"
  CHANGED=$((CHANGED + 1))
  WROTE=1
}

# render FILE: a deploy/pi template with its @…@ placeholders filled in.
render() {
  sed -e "s|@APP_DIR@|$APP_DIR|g" -e "s|@DATA_DIR@|$DATA_DIR|g" -e "s|@PORT@|$PORT|g" \
      -e "s|@USER@|$SERVICE_USER|g" -e "s|@VENV@|$VENV|g" "$SRC/deploy/pi/$1"
}

# systemd_version: the major version (RestartSteps= needs 254; Bookworm has 252, Trixie 257).
systemd_version() {
  if [ -n "${LANGSO_SYSTEMD_VERSION:-}" ]; then
    echo "$LANGSO_SYSTEMD_VERSION"
  elif [ -z "$ROOT" ] && command -v systemctl >/dev/null 2>&1; then
    systemctl --version | awk 'NR == 1 { print $2 + 0 }'
  else
    echo 252
  fi
}

# unit_for_this_systemd: stdin without the directives this systemd does not know (it would
# ignore them with a warning); Bookworm backs off with a longer RestartSec instead.
unit_for_this_systemd() {
  if [ "$(systemd_version)" -ge 254 ]; then
    cat
  else
    sed -e '/^RestartSteps=/d' -e '/^RestartMaxDelaySec=/d' -e 's/^RestartSec=.*/RestartSec=15/'
  fi
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
    die "cần quyền quản trị: sudo bash $0 $ARGS"
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
    bash "$SRC/deploy/pi/screen-schedule.sh" --state-at 00:00 "$SCREEN_OFF" "$SCREEN_ON" >/dev/null ||
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

# The application files: copied unless the app dir is this checkout.
APP_ITEMS="run_kiosk.py pyproject.toml README.md kiosk printables qr content static docs deploy"

# mode_for FILE: the mode an installed file gets. Set here, never taken from the source: a FAT
# USB stick shows every file as executable or none (Break 3).
mode_for() {
  case "$1" in
    *.sh) echo 0755 ;;
    *) echo 0644 ;;
  esac
}

# copy_tree DEST: the application files from $SRC into the empty folder DEST. Any failed copy
# (full SD card, unreadable stick) stops the installer: the running app is left as it was.
copy_tree() {
  local dest=$1 item rel
  for item in $APP_ITEMS; do
    if [ -f "$SRC/$item" ]; then
      install -D -m "$(mode_for "$item")" "$SRC/$item" "$dest/$item" ||
        die "không chép được $item vào $dest (thẻ nhớ đầy?); chương trình cũ vẫn chạy"
    elif [ -d "$SRC/$item" ]; then
      while IFS= read -r -d '' rel; do
        rel=${rel#./}
        install -D -m "$(mode_for "$rel")" "$SRC/$item/$rel" "$dest/$item/$rel" ||
          die "không chép được $item/$rel vào $dest (thẻ nhớ đầy?); chương trình cũ vẫn chạy"
      done < <(cd "$SRC/$item" && find . -type f ! -path '*/__pycache__/*' ! -name '*.pyc' -print0)
    fi
  done
  # Folders readable by the service, whatever the stick said.
  find "$dest" -type d -exec chmod 0755 {} + || die "không đặt được quyền thư mục trong $dest"
}

# listing DIR: "MODE SHA256 PATH" of every application file (not the compiled caches).
listing() {
  (cd "$1" && find . -type f ! -path '*/__pycache__/*' ! -name '*.pyc' -printf '%m %p\n' |
     sort -k2 | while read -r mode path; do
       printf '%s %s %s\n' "$mode" "$(sha256sum "$path" | cut -d' ' -f1)" "$path"
     done)
}

# copy_app: a new version goes into a new folder under $RELEASES; only when all of it is there
# does $APP_DIR (a symbolic link) switch to it, in one rename. The previous folder is kept for
# a rollback (docs/deploy.md › Cập nhật); older ones are removed.
copy_app() {
  say "Chương trình ở $APP_DIR:"
  if [ -d "$ROOT$APP_DIR" ] && [ ! -L "$ROOT$APP_DIR" ] &&
     [ "$(cd "$ROOT$APP_DIR" && pwd -P)" = "$(cd "$SRC" && pwd -P)" ]; then
    say "  dùng ngay thư mục này"
    return
  fi
  local releases="$ROOT$RELEASES" current="" n=0 name new
  # Links are relative (langso-releases/r0003): the same under --root as on the machine.
  local rel=${RELEASES##*/}
  mkdir -p "$releases" || die "không tạo được $RELEASES"
  if [ -d "$ROOT$APP_DIR" ] && [ ! -L "$ROOT$APP_DIR" ]; then
    # An app folder from an older installer: it becomes the first release.
    mv -T "$ROOT$APP_DIR" "$releases/r0000" || die "không chuyển được $APP_DIR vào $RELEASES"
    ln -s "$rel/r0000" "$ROOT$APP_DIR" || die "không tạo được liên kết $APP_DIR"
  fi
  if [ -L "$ROOT$APP_DIR" ]; then
    current=$(readlink "$ROOT$APP_DIR")
    current=${current##*/}
    [ -d "$releases/$current" ] || current=""
  fi
  # Numbered, not dated: a clock without a battery may be hours or years behind.
  for name in "$releases"/r[0-9][0-9][0-9][0-9]; do
    [ -d "$name" ] || continue
    name=${name##*/r}
    if [ $((10#$name)) -ge "$n" ]; then n=$((10#$name + 1)); fi
  done
  printf -v new 'r%04d' "$n"
  STAGE="$releases/.tmp-$new"
  rm -rf "$STAGE"
  mkdir -p "$STAGE" || die "không tạo được $STAGE"
  copy_tree "$STAGE"
  if [ -n "$current" ] && [ "$(listing "$STAGE")" = "$(listing "$releases/$current")" ]; then
    rm -rf "$STAGE"
    say "  giữ nguyên ($current)"
    precompile "$RELEASES/$current"
    return
  fi
  local changed=0 removed=0
  if [ -n "$current" ]; then
    changed=$(diff <(listing "$releases/$current") <(listing "$STAGE") | grep -c '^>' || true)
    removed=$(comm -23 <(listing "$releases/$current" | cut -d' ' -f3 | sort) \
                       <(listing "$STAGE" | cut -d' ' -f3 | sort) | wc -l)
  fi
  # On the card before the switch: a power cut now leaves the old version or the whole new one.
  sync -f "$STAGE" 2>/dev/null || sync
  mv -T "$STAGE" "$releases/$new" || die "không đổi tên được $STAGE"
  STAGE=
  precompile "$RELEASES/$new"
  ln -sfn "$rel/$new" "$ROOT$APP_DIR.new" || die "không tạo được liên kết $APP_DIR.new"
  mv -T "$ROOT$APP_DIR.new" "$ROOT$APP_DIR" || die "không chuyển được $APP_DIR sang $new"
  if [ -n "$current" ]; then
    say "  $new: chép $changed tệp, xóa $removed tệp cũ (bản trước: $current)"
  else
    say "  $new: đã chép"
  fi
  # Keep this version and the one before it (for a rollback).
  for name in "$releases"/r[0-9][0-9][0-9][0-9]; do
    case "${name##*/}" in
      "$new"|"$current") ;;
      *) rm -rf "$name" ;;
    esac
  done
  CHANGED=$((CHANGED + 1))
  RESTART=1
}

# The service may not write next to the code (ProtectSystem=strict): compile it before use.
precompile() {
  if [ -z "$ROOT" ] && [ -x "$VENV/bin/python" ]; then
    "$VENV/bin/python" -m compileall -q "$1/kiosk" "$1/printables" "$1/qr" "$1/run_kiosk.py" \
      >/dev/null || die "không biên dịch được $1"
  fi
}

make_venv() {
  say "Môi trường Python ($VENV):"
  # From the source, before the new version is in place: no Internet and no wheelhouse stops
  # the installer here, with the old version still running.
  local lock="$SRC/deploy/requirements.lock" stamp want wheels="$SRC/wheelhouse"
  [ -f "$lock" ] || die "thiếu $lock"
  want=$(sha256sum "$lock" | cut -d' ' -f1)
  stamp="$ROOT$VENV/.langso-installed"
  if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$want" ]; then
    say "  giữ nguyên"
  else
    [ -x "$ROOT$VENV/bin/python" ] || run python3 -m venv "$VENV" || die "không tạo được $VENV"
    # Exactly the locked versions, each checked against its hash. From the wheelhouse folder
    # next to the installer (a USB stick) when there is one: then no Internet is needed.
    local from=()
    if [ -d "$wheels" ]; then
      from=(--no-index --find-links "$wheels")
      say "  cài từ $wheels (không cần Internet)"
    fi
    run "$VENV/bin/python" -m pip install --quiet --require-hashes --only-binary=:all: \
      "${from[@]}" -r "$lock" ||
      die "pip không cài được các gói (cần Internet, hoặc thư mục wheelhouse: xem docs/deploy.md)"
    mkdir -p "$(dirname "$stamp")"
    printf '%s\n' "$want" >"$stamp"
    say "  đã cài các gói Python"
    CHANGED=$((CHANGED + 1))
    RESTART=1
  fi
  # The app itself is not pip-installed (an editable install would pin the release folder):
  # the venv finds it through the $APP_DIR link, and `langso` is a two-line launcher.
  local site
  if [ -n "$ROOT" ]; then
    site="$VENV/lib/python3/site-packages"
  else
    site=$("$VENV/bin/python" -c 'import sysconfig; print(sysconfig.get_path("purelib"))') ||
      die "không đọc được thư mục gói của $VENV"
  fi
  say "$APP_DIR" | put_file "$site/langso-app.pth" 0644
  printf '#!%s\nimport sys\nfrom kiosk.cli import main\nsys.exit(main())\n' "$VENV/bin/python" |
    put_file "$VENV/bin/langso" 0755
}

write_system_files() {
  say "Tệp hệ thống:"
  render langso.service | unit_for_this_systemd | put_file /etc/systemd/system/langso.service 0644
  if [ "$WROTE" = 1 ]; then RESTART=1; fi
  # The clock helper (Break 1): the server may not set the time; it writes the time a team
  # member confirmed to $DATA_DIR/clock-request, and this root unit pair applies it.
  render langso-clock.path | put_file /etc/systemd/system/langso-clock.path 0644
  render langso-clock.service | put_file /etc/systemd/system/langso-clock.service 0644
  put_file /usr/local/sbin/langso-set-clock 0755 <"$SRC/deploy/pi/langso-set-clock.sh"
  # A hung server (running, not answering) is restarted; a hung system is rebooted by the
  # hardware watchdog.
  render langso-healthz.service | put_file /etc/systemd/system/langso-healthz.service 0644
  render langso-healthz.timer | put_file /etc/systemd/system/langso-healthz.timer 0644
  put_file /usr/local/sbin/langso-healthz 0755 <"$SRC/deploy/pi/langso-healthz.sh"
  put_file /etc/systemd/system.conf.d/langso-watchdog.conf 0644 <"$SRC/deploy/pi/watchdog-langso.conf"
  # The journal may not grow to 10 % of a small card (a start-up error repeating all night).
  put_file /etc/systemd/journald.conf.d/langso.conf 0644 <"$SRC/deploy/pi/journald-langso.conf"
  put_file /etc/chromium/policies/managed/langso.json 0644 <"$SRC/deploy/pi/chromium-policy.json"
  {
    say "# Làng Số kiosk screen (written by deploy/pi/install.sh; run it again to change)."
    say "PORT=$PORT"
    say "PAGE=/attract"
    say "SCREEN_OFF=$SCREEN_OFF"
    say "SCREEN_ON=$SCREEN_ON"
    say "SCALE=$SCALE"
  } | put_file /etc/langso/kiosk.conf 0644
  render langso-cli.sh | put_file /usr/local/bin/langso 0755
}

# set_time_zone: Vietnam's (the night schedule and the usage days are local times).
set_time_zone() {
  say "Múi giờ $TIME_ZONE:"
  if [ -n "$ROOT" ]; then
    # What timedatectl set-timezone writes, so the tests can see it.
    local link="$ROOT/etc/localtime" want="/usr/share/zoneinfo/$TIME_ZONE"
    if [ "$(readlink "$link" 2>/dev/null)" = "$want" ]; then
      say "  giữ nguyên"
    else
      { mkdir -p "$ROOT/etc" && ln -sfn "$want" "$link"; } || die "không đặt được múi giờ"
      say "  đã đặt"
      CHANGED=$((CHANGED + 1))
    fi
    say "$TIME_ZONE" | put_file /etc/timezone 0644
    return
  fi
  if [ "$(timedatectl show -p Timezone --value 2>/dev/null)" = "$TIME_ZONE" ]; then
    say "  giữ nguyên"
  else
    timedatectl set-timezone "$TIME_ZONE" || die "không đặt được múi giờ $TIME_ZONE"
    say "  đã đặt"
    CHANGED=$((CHANGED + 1))
    RESTART=1
  fi
}

# replace_block FILE: FILE's lines outside our markers, then the block on stdin between them.
replace_block() {
  local file=$1 begin="# >>> langso kiosk >>>" end="# <<< langso kiosk <<<"
  if [ -f "$ROOT$file" ]; then
    awk -v b="$begin" -v e="$end" '$0 == b {skip = 1; next} $0 == e {skip = 0; next} !skip' \
      "$ROOT$file"
  fi
  say "$begin"
  cat
  say "$end"
}

# touch_override FILE: the user's labwc rc.xml with touch screens sending touch, not mouse,
# events: our <touch> line is added (or put back) between markers; the rest is kept.
touch_override() {
  local file=$1 line='  <touch deviceName="" mouseEmulation="no" />'
  local begin='  <!-- >>> langso kiosk >>> -->' end='  <!-- <<< langso kiosk <<< -->'
  if [ -f "$ROOT$file" ] && grep -q '</openbox_config>' "$ROOT$file"; then
    awk -v b="$begin" -v e="$end" -v l="$line" '
      $0 == b { skip = 1; next } $0 == e { skip = 0; next } skip { next }
      /<\/openbox_config>/ && !done { print b; print l; print e; done = 1 }
      { print }' "$ROOT$file"
  else
    printf '%s\n' '<?xml version="1.0"?>' '<openbox_config xmlns="http://openbox.org/3.4/rc">' \
      "$begin" "$line" "$end" '</openbox_config>'
  fi
}

write_autostart() {
  say "Tự mở màn hình kiosk khi $DESKTOP_USER đăng nhập:"
  local launcher="$APP_DIR/deploy/pi/kiosk-browser.sh" owner="$DESKTOP_USER:$DESKTOP_USER"
  DESKTOP_HOME=$(desktop_home || true)
  [ -n "$DESKTOP_HOME" ] || die "không có tài khoản $DESKTOP_USER"
  local labwc="$DESKTOP_HOME/.config/labwc/autostart"
  # labwc: Raspberry Pi OS's desktop since late 2024. Pi OS starts it merging the system
  # autostart with the user's, so only our line goes here: a copy of the system file would
  # start the panel and the desktop twice.
  say "$launcher &" | replace_block "$labwc" | put_file "$labwc" 0644 "$owner"
  # Official touchscreens are set to act as a mouse (mouseEmulation="yes" in Pi OS's rc.xml):
  # a drag would select text instead of scrolling the page.
  local rc="$DESKTOP_HOME/.config/labwc/rc.xml"
  touch_override "$rc" | put_file "$rc" 0644 "$owner"
  # X11 (LXDE) and any session that runs XDG autostart entries.
  cat <<EOF | put_file "$DESKTOP_HOME/.config/autostart/langso-kiosk.desktop" 0644 "$owner"
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
      put_file "$wayfire" 0644 "$owner"
  fi
  if [ -z "$ROOT" ]; then
    chown "$owner" "$DESKTOP_HOME/.config" "$DESKTOP_HOME/.config/labwc" \
      "$DESKTOP_HOME/.config/autostart" 2>/dev/null || true
  fi
}

# blanking_lines FILE: the lines of FILE that blank the screen after a while: swayidle with a
# timeout (what raspi-config writes into a labwc autostart when blanking is on).
blanking_lines() {
  grep -E '^[^#]*swayidle[^#]*timeout' "$ROOT$1" 2>/dev/null || true
}

screen_blanking_off() {
  say "Tắt chế độ tự tắt màn hình cho $DESKTOP_USER:"
  local owner="$DESKTOP_USER:$DESKTOP_USER" labwc="$DESKTOP_HOME/.config/labwc/autostart" file
  if [ -z "$ROOT" ] && command -v raspi-config >/dev/null 2>&1; then
    # raspi-config acts on $SUDO_USER's session and home: name the kiosk account, not whoever
    # ran sudo. (On labwc it only edits the autostart; the check below is what counts.)
    SUDO_USER="$DESKTOP_USER" raspi-config nonint do_blanking 1 >/dev/null 2>&1 ||
      say "  raspi-config không chạy được; kiểm tra bên dưới"
  fi
  if [ -n "$(blanking_lines "$labwc")" ]; then
    sed -E 's/^([^#]*swayidle[^#]*timeout.*)$/# langso: màn hình không tự tắt: \1/' \
      "$ROOT$labwc" | put_file "$labwc" 0644 "$owner"
  fi
  # Verify instead of trusting: what would still blank the screen at the next login.
  local left=()
  for file in "$labwc" /etc/xdg/labwc/autostart; do
    if [ -n "$(blanking_lines "$file")" ]; then left+=("$file"); fi
  done
  if [ -f "$ROOT$DESKTOP_HOME/.config/wayfire.ini" ] &&
     grep -Eq '^[[:space:]]*dpms_timeout[[:space:]]*=[[:space:]]*[1-9]' "$ROOT$DESKTOP_HOME/.config/wayfire.ini"; then
    left+=("$DESKTOP_HOME/.config/wayfire.ini (dpms_timeout)")
  fi
  if [ ${#left[@]} -eq 0 ]; then
    say "  đã tắt (không còn hẹn giờ tắt màn hình; X11: trình chạy kiosk tắt bằng xset)"
  else
    say "  CẢNH BÁO: màn hình vẫn có thể tự tắt, do: ${left[*]}"
    say "  tắt bằng tay: Raspberry Pi Configuration › Display › Screen Blanking (đăng nhập bằng $DESKTOP_USER)"
  fi
}

start_service() {
  say "Dịch vụ langso:"
  run systemctl daemon-reload
  run systemctl enable --quiet langso.service
  run systemctl enable --quiet --now langso-clock.path langso-healthz.timer
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
set_time_zone
make_venv
copy_app
write_system_files
write_autostart
screen_blanking_off
start_service
finish
