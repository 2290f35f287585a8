#!/usr/bin/env bash
# Install everything the test suite needs on a fresh Debian 12 machine, then run the whole suite.
#   bash scripts/test.sh [pytest args...]
# Needs root for apt-get (Debian packages: real servers for differential tests, dpkg/apt for real-world tests).
set -euo pipefail
cd "$(dirname "$0")/.."

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
  util-linux iproute2             # unshare -n: kamailio and netfilter run in a private network namespace
  dpkg apt                        # apt-get download + dpkg -x for the real-world tests
)

if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
  # Packages' maintainer scripts must not start services on the test machine.
  if [ ! -e /usr/sbin/policy-rc.d ]; then
    printf '#!/bin/sh\nexit 101\n' > /usr/sbin/policy-rc.d && chmod 755 /usr/sbin/policy-rc.d
  fi
  export DEBIAN_FRONTEND=noninteractive
  flock /tmp/garrison-apt.lock apt-get update -q
  flock /tmp/garrison-apt.lock apt-get install -y -q --no-install-recommends "${DEBIAN_PACKAGES[@]}"
fi

python3 -m pip install -q -e '.[test]'
python3 -m pytest -q "$@"
