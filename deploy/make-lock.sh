#!/bin/bash
# Maintainers: rebuild deploy/requirements.lock (exact versions, every wheel's sha256) from
# pyproject.toml's dependencies, for the boxes we support: Raspberry Pi OS 64-bit (Bookworm
# Python 3.11, Trixie 3.13), a Debian/Ubuntu PC (x86_64) and Windows (Python 3.11–3.13).
# Wheels only: a package that would have to be built on the Pi (pycairo, 2025) fails here, not
# in the hamlet. Also fills a wheelhouse folder for an offline install (docs/deploy.md).
#
#   deploy/make-lock.sh [WHEELHOUSE]     default WHEELHOUSE: ./wheelhouse
set -eu
set -o pipefail

HERE=$(cd "$(dirname "$0")" && pwd)
OUT=${1:-wheelhouse}
PYTHON=${PYTHON:-python3}
mapfile -t DEPS < <("$PYTHON" -c '
import tomllib, sys
for dep in tomllib.load(open(sys.argv[1], "rb"))["project"]["dependencies"]:
    print(dep)' "$HERE/../pyproject.toml")
# The oldest Python on the oldest Pi OS decides the versions; every other box gets the same ones.
FIRST=(manylinux_2_28_aarch64 3.11)
OTHERS=("manylinux_2_28_aarch64 3.13" "manylinux_2_28_x86_64 3.11" "manylinux_2_28_x86_64 3.13"
        "win_amd64 3.11" "win_amd64 3.12" "win_amd64 3.13")

# platforms PLATFORM: pip --platform arguments; pip does not widen manylinux_2_28 to the older
# manylinux tags most wheels carry, so name them all.
platforms() {
  local arch=${1#manylinux_2_28_} v
  if [ "$arch" = "$1" ]; then
    echo "--platform $1"
    return
  fi
  echo "--platform manylinux2014_$arch"
  for v in 17 24 25 26 27 28; do echo "--platform manylinux_2_${v}_$arch"; done
}

download() {  # download PLATFORM VERSION DEST REQUIREMENT...
  local platform=$1 version=$2 dest=$3
  shift 3
  # shellcheck disable=SC2046 # one word per --platform argument
  "$PYTHON" -m pip download --quiet --dest "$dest" --only-binary=:all: --implementation cp \
    $(platforms "$platform") --python-version "$version" "$@"
}

first=$(mktemp -d)
trap 'rm -rf "$first"' EXIT
download "${FIRST[@]}" "$first" "${DEPS[@]}"
mapfile -t PINS < <(for wheel in "$first"/*.whl; do
  file=${wheel##*/}
  echo "$(echo "${file%%-*}" | tr 'A-Z_.' 'a-z--')==$(echo "$file" | cut -d- -f2)"
done)
rm -f "$OUT"/*.whl
mkdir -p "$OUT"
cp "$first"/*.whl "$OUT"/
for target in "${OTHERS[@]}"; do
  read -r platform version <<<"$target"
  extra=()
  # Markers are read for this machine, not the target: click needs colorama on Windows.
  [ "$platform" = win_amd64 ] && extra=(colorama)
  download "$platform" "$version" "$OUT" --no-deps "${PINS[@]}" "${extra[@]}"
done
{
  echo "# Làng Số: exact versions of every Python package, with the sha256 of each wheel."
  echo "# Made by deploy/make-lock.sh from pyproject.toml; install.sh and install.ps1 install"
  echo "# with pip --require-hashes -r this file. Do not edit by hand."
  for wheel in "$OUT"/*.whl; do
    file=${wheel##*/}
    name=$(echo "${file%%-*}" | tr 'A-Z_.' 'a-z--')
    version=$(echo "$file" | cut -d- -f2)
    printf '%s==%s %s\n' "$name" "$version" "$(sha256sum "$wheel" | cut -d' ' -f1)"
  done | sort | awk '
    { key = $1; if (key != last) { if (last) print line; line = key (key ~ /^colorama==/ ? " ; sys_platform == \"win32\"" : ""); last = key }
      line = line " \\\n    --hash=sha256:" $2 }
    END { if (last) print line }'
} >"$HERE/requirements.lock"
echo "deploy/requirements.lock: $(grep -c '^[a-z]' "$HERE/requirements.lock") gói; bánh xe trong $OUT"
