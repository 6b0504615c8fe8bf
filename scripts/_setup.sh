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
    echo "== apt-get install$missing" >&2
    $SUDO apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends $missing
  fi
}

STAMP=.venv/.studio-tray-installed

install_is_current() {
  # $1: the pip spec, e.g. ".[gtk]". True when the stamp of the last install has this
  # pyproject.toml and extras that cover $1's. The install is editable, so code changes never
  # need a new one: only pyproject.toml (dependencies, entry points) does.
  [ -x .venv/bin/studio-tray ] && [ -f "$STAMP" ] || return 1
  local hash extras done_hash done_extras e
  hash="$(sha256sum pyproject.toml | cut -d' ' -f1)"
  extras="$(printf '%s' "$1" | sed -n 's/^\.\[\(.*\)\]$/\1/p' | tr ',' ' ')"
  read -r done_hash done_extras < "$STAMP" || true
  [ "$done_hash" = "$hash" ] || return 1
  for e in $extras; do
    case ",$done_extras," in *",$e,"*) ;; *) return 1 ;; esac
  done
}

make_venv() {
  # $1: what to pip install, e.g. ".[test,gtk]". Skipped when nothing changed since the last
  # install (see install_is_current); STUDIO_TRAY_REINSTALL=1 forces it.
  local py="${PYTHON:-python3}"
  if [ "${STUDIO_TRAY_REINSTALL:-}" != "1" ] && install_is_current "$1"; then
    echo "== .venv is up to date (pyproject.toml unchanged): skipping pip install" >&2
    return 0
  fi
  if [ ! -x .venv/bin/python ]; then
    echo "== creating .venv" >&2
    "$py" -m venv .venv
  fi
  .venv/bin/python -m pip install -q --upgrade pip
  echo "== pip install -e $1" >&2
  rm -f "$STAMP"
  .venv/bin/python -m pip install -q -e "$1"
  local extras
  extras="$(printf '%s' "$1" | sed -n 's/^\.\[\(.*\)\]$/\1/p')"
  echo "$(sha256sum pyproject.toml | cut -d' ' -f1) $extras" > "$STAMP"
}

path_hint() {
  # How to call the installed command: it is in .venv/bin, which is not on PATH.
  echo "== studio-tray is installed in $(pwd)/.venv/bin (not on your PATH). Call it as" >&2
  echo "   .venv/bin/studio-tray ...   or first: source .venv/bin/activate" >&2
  echo "   (pipx install . gives you a studio-tray on PATH; see README \"Install\")" >&2
}
