#!/usr/bin/env bash
# Install everything the test suite needs on a fresh Debian 12 machine, then run the whole suite twice, each
# in its own git-ignored venv: with the newest release of every dependency (.venv/), and with every runtime
# dependency at the lowest version pyproject.toml allows (.venv-lowest/, pins from lowest_constraints.py).
#   bash scripts/test.sh [pytest args...]              both runs (what CI runs)
#   GARRISON_DEPS=newest bash scripts/test.sh [...]    one run only (newest or lowest; none: packages only)
# Needs root for apt-get (Debian packages: real servers for differential tests, dpkg/apt for real-world
# tests, python3-venv for Debian's own Python). PYTHON picks the interpreter (default python3).
set -euo pipefail
cd "$(dirname "$0")/.."
PYTHON=${PYTHON:-python3}
DEPS=${GARRISON_DEPS:-both}
case "$DEPS" in newest | lowest | both | none) ;; *) echo "GARRISON_DEPS: newest, lowest, both or none" >&2; exit 2 ;; esac

DEBIAN_PACKAGES=(
  openssh-server openssh-client   # sshd -T differential tests, ssh-keygen
  nginx                           # nginx -T differential tests, live header checks on 127.0.0.1
  prosody                         # prosodyctl check config
  postgresql-15                   # postgres -C / SHOW against Garrison's effective settings
  systemd                         # systemd-analyze security --offline
  iptables nftables               # real iptables-restore / nft readings of the firewall cases
  openssl                         # make-ssl-cert's snakeoil pair in the real-world TLS test
  sudo                            # visudo -c against the sudoers parser
  kamailio                        # kamailio -c against the kamailio.cfg reader
  kamailio-tls-modules            # which tls methods Kamailio starts with (differential)
  util-linux iproute2             # unshare -n: kamailio and netfilter run in a private network namespace
  dpkg apt                        # apt-get download + dpkg -x for the real-world tests
  debootstrap                     # the Debian 13 chroot of the differential tests (tests/chroots.py)
  python3-venv                    # the venvs below, on Debian's own Python
)

# Packages' maintainer scripts must not start services on the test machine: a policy-rc.d that refuses,
# for the install only, and removed again (on any exit) only if this script created it.
POLICY=/usr/sbin/policy-rc.d
created_policy=
remove_policy() {
  if [ -n "$created_policy" ]; then rm -f "$POLICY"; created_policy=; fi
}
trap remove_policy EXIT

if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
  if [ ! -e "$POLICY" ]; then
    printf '#!/bin/sh\nexit 101\n' > "$POLICY" && chmod 755 "$POLICY" && created_policy=1
  fi
  export DEBIAN_FRONTEND=noninteractive
  flock /tmp/garrison-apt.lock apt-get update -q
  flock /tmp/garrison-apt.lock apt-get install -y -q --no-install-recommends "${DEBIAN_PACKAGES[@]}"
  remove_policy
fi

# venv DIR: create the venv DIR unless it exists with pip (a failed `python3 -m venv` leaves one without).
venv() {
  if ! "$1/bin/python" -c 'import pip' 2>/dev/null; then
    "$PYTHON" -m venv --clear "$1" || { echo "cannot make $1: on Debian, apt-get install python3-venv" >&2; return 1; }
  fi
}

# suite DIR NAME [pytest args...]: run pytest from the venv DIR (its bin/ first on PATH, for ruff).
suite() {
  local dir=$1 name=$2
  shift 2
  echo "== test suite with the $name dependency versions ($("$dir/bin/python" scripts/lowest_constraints.py \
    --installed | tr '\n' ' '))"
  PATH="$PWD/$dir/bin:$PATH" GARRISON_DEPS_UNDER_TEST=$name "$dir/bin/python" -m pytest -q "$@"
}

UPGRADE=(-q --upgrade --upgrade-strategy eager)
status=0
if [ "$DEPS" = newest ] || [ "$DEPS" = both ]; then
  venv .venv
  .venv/bin/python -m pip install "${UPGRADE[@]}" -e '.[test]'
  suite .venv newest "$@" || status=$?
fi
if [ "$DEPS" = lowest ] || [ "$DEPS" = both ]; then
  venv .venv-lowest
  .venv-lowest/bin/python -m pip install "${UPGRADE[@]}" packaging
  .venv-lowest/bin/python scripts/lowest_constraints.py > .venv-lowest/constraints.txt
  .venv-lowest/bin/python -m pip install "${UPGRADE[@]}" -c .venv-lowest/constraints.txt -e '.[test]'
  suite .venv-lowest lowest "$@" || status=$?
fi
exit "$status"
