# Shared set-up for scripts/test and scripts/demo (sourced, not run).

SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi

APT_COMMON="python3-venv python3-dev gcc pkg-config libgirepository1.0-dev libcairo2-dev
  gir1.2-gtk-3.0 gir1.2-ayatanaappindicator3-0.1 python3-tk libnotify-bin"
APT_TEST="xvfb xauth xdotool trayer gnome-keyring dbus dbus-x11 desktop-file-utils x11-utils
  imagemagick curl libglib2.0-bin binutils"

install_system_packages() {
  # $1: "test" adds the packages the test suite drives (Xvfb, xdotool, keyring...).
  if ! command -v apt-get >/dev/null 2>&1; then
    echo "no apt-get: install the equivalents of: $APT_COMMON ${1:+$APT_TEST}" >&2
    return 0
  fi
  local pkgs="$APT_COMMON"
  if [ "${1:-}" = "test" ]; then pkgs="$pkgs $APT_TEST"; fi
  local missing=""
  for p in $pkgs; do
    dpkg -s "$p" >/dev/null 2>&1 || missing="$missing $p"
  done
  if [ -n "$missing" ]; then
    echo "== apt-get install$missing"
    $SUDO apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends $missing
  fi
}

make_venv() {
  # $1: what to pip install, e.g. ".[test,gtk]".
  local py="${PYTHON:-python3}"
  if [ ! -x .venv/bin/python ]; then
    echo "== creating .venv"
    "$py" -m venv .venv
  fi
  .venv/bin/python -m pip install -q --upgrade pip
  echo "== pip install -e $1"
  .venv/bin/python -m pip install -q -e "$1"
}
