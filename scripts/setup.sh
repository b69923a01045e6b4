#!/usr/bin/env bash
# Installs what the tests and the demo need, only when missing. Idempotent; works as root or with sudo.
set -euo pipefail

packages=(
  openvswitch-switch openvswitch-common   # ovsdb-server, ovs-vswitchd, ovs-vsctl, ovs-ofctl (oracles)
  iproute2 ethtool iputils-ping           # network namespaces, veth, checksum offload, ping
  netcat-openbsd curl                     # TCP exchanges between namespaced hosts
  tcpdump tshark                          # captures and OpenFlow dissection
  openssl                                 # a throwaway PKI for the OVSDB ssl: tests
  graphviz                                # dot, which renders `switchboard graph` (tests run it)
)

missing=()
for package in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$package")
  fi
done

if [ ${#missing[@]} -eq 0 ]; then
  echo "setup: all packages present"
  exit 0
fi

sudo=()
if [ "$(id -u)" -ne 0 ]; then
  command -v sudo >/dev/null || { echo "setup: need root or sudo to install: ${missing[*]}" >&2; exit 1; }
  sudo=(sudo)
fi

echo "setup: installing ${missing[*]}"
# tshark asks a debconf question (may non-root users capture?) unless told not to.
"${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get update -qq
"${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}"
