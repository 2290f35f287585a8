#!/usr/bin/env bash
# Install Garrison from this checkout into a venv of its own and put `garrison` on PATH. Works on Debian's
# and Ubuntu's own Python, which refuses `pip install` outside a venv (PEP 668, "externally managed").
#   bash scripts/install.sh
# As root: the venv is /opt/garrison and the command /usr/local/bin/garrison; Debian's python3 has no venv
# module until python3-venv is installed, so it is installed with apt-get first when missing. As another user:
# ~/.local/share/garrison and ~/.local/bin/garrison. GARRISON_VENV, GARRISON_BIN and PYTHON override these.
# Running it again upgrades the installation in place.
set -euo pipefail
cd "$(dirname "$0")/.."
PYTHON=${PYTHON:-python3}

if [ "$(id -u)" = 0 ]; then
  venv=${GARRISON_VENV:-/opt/garrison}
  bin=${GARRISON_BIN:-/usr/local/bin}
else
  venv=${GARRISON_VENV:-${XDG_DATA_HOME:-$HOME/.local/share}/garrison}
  bin=${GARRISON_BIN:-$HOME/.local/bin}
fi

if ! "$PYTHON" -c 'import sys; sys.exit(sys.version_info < (3, 11))' 2>/dev/null; then
  echo "install.sh: Garrison needs Python 3.11 or later ($PYTHON is $("$PYTHON" -V 2>&1))" >&2
  exit 1
fi
if ! "$PYTHON" -c 'import ensurepip, venv' 2>/dev/null; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -q
    apt-get install -y -q --no-install-recommends python3-venv
  else
    echo "install.sh: $PYTHON cannot make a venv; as root: apt-get install python3-venv" >&2
    exit 1
  fi
fi

if ! "$venv/bin/python" -c 'import pip' 2>/dev/null; then
  # absent, or left half-made by a `python3 -m venv` that failed for want of python3-venv
  if [ -e "$venv/pyvenv.cfg" ]; then clear=--clear; fi
  "$PYTHON" -m venv ${clear:-} "$venv"
fi
"$venv/bin/python" -m pip install -q --upgrade .
mkdir -p "$bin"
ln -sf "$venv/bin/garrison" "$bin/garrison"
echo "installed $("$bin/garrison" --version) as $bin/garrison (venv $venv)"
case ":$PATH:" in
  *":$bin:"*) ;;
  *) echo "install.sh: $bin is not on PATH: run $bin/garrison, or add $bin to PATH" >&2 ;;
esac
