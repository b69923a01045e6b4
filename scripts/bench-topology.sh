#!/usr/bin/env bash
# Topology speed bar of issue #8: a node with 50 bridges x 40 ports (2,000 ports: access, trunk
# and VXLAN), first apply vs the same configuration as one ovs-vsctl transaction, and an
# unchanged re-plan. Both sides run against a private ovsdb-server + ovs-vswitchd (dummy
# datapath) and both wait for ovs-vswitchd to realize the change (ovs-vsctl without --no-wait).
#   scripts/bench-topology.sh [RUNS]      (release build of switchboard; prints a Markdown table)
set -euo pipefail
cd "$(dirname "$0")/.."
RUNS=${1:-3}
BRIDGES=${BRIDGES:-50}
PORTS=${PORTS:-40}
if [ -z "${SB:-}" ]; then  # SB=path/to/switchboard skips the release build (quick checks of this script)
  swift build -c release --product switchboard >/dev/null
  SB="$(swift build -c release --show-bin-path)/switchboard"
fi
. scripts/lib/private-ovs.sh topo-bench

# Port j of bridge i: j < 30 access (VLAN 1 + j % 20), 30..34 trunk, 35..39 VXLAN to a distinct remote.
{
  echo "name: bench"
  echo "ovsdb: $DB"
  echo "bridges:"
  for i in $(seq 0 $((BRIDGES - 1))); do
    echo "  bench$i:"
    echo "    datapath_type: dummy"
    echo "    ports:"
    for j in $(seq 0 $((PORTS - 1))); do
      if [ "$j" -lt 30 ]; then echo "      p${i}_$j: {type: dummy, vlan: $((1 + j % 20))}"
      elif [ "$j" -lt 35 ]; then echo "      p${i}_$j: {type: dummy, trunks: [1, 2, 3]}"
      else echo "      p${i}_$j: {type: vxlan, remote_ip: 10.$i.$j.1, key: $((i * 100 + j))}"
      fi
    done
  done
} >"$D/bench.yaml"

vsctl_args() {
  for i in $(seq 0 $((BRIDGES - 1))); do
    printf -- "-- add-br bench%d -- set bridge bench%d datapath_type=dummy protocols=OpenFlow14 external_ids:switchboard-owner=bench " "$i" "$i"
    for j in $(seq 0 $((PORTS - 1))); do
      p="p${i}_$j"
      printf -- "-- add-port bench%d %s -- set port %s external_ids:switchboard-owner=bench " "$i" "$p" "$p"
      if [ "$j" -lt 30 ]; then printf -- "-- set port %s tag=%d -- set interface %s type=dummy " "$p" $((1 + j % 20)) "$p"
      elif [ "$j" -lt 35 ]; then printf -- "-- set port %s trunks=1,2,3 vlan_mode=trunk -- set interface %s type=dummy " "$p" "$p"
      else printf -- "-- set interface %s type=vxlan options:remote_ip=10.%d.%d.1 options:key=%d " "$p" "$i" "$j" $((i * 100 + j))
      fi
    done
  done
}
vsctl_args >"$D/vsctl.args"

vs=(); ap=(); pl=(); ap2=()
for run in $(seq "$RUNS"); do
  start
  a=$(now); ovs-vsctl --db="$DB" --timeout=600 $(cat "$D/vsctl.args") >/dev/null; b=$(now)
  vs+=("$(echo "$b - $a" | bc)")
  # The same rows, made by ovs-vsctl with the owner marker: switchboard's plan must be empty.
  "$SB" plan "$D/bench.yaml" --detailed-exitcode >/dev/null || echo "run $run: plan after ovs-vsctl shows changes" >&2
  stop
  start
  a=$(now); "$SB" apply "$D/bench.yaml" --yes >/dev/null; b=$(now)
  ap+=("$(echo "$b - $a" | bc)")
  sleep 2  # let ovs-vswitchd settle after creating 2,000 ports
  for _ in 1 2 3; do
    a=$(now); "$SB" plan "$D/bench.yaml" --detailed-exitcode >/dev/null; b=$(now)
    pl+=("$(echo "$b - $a" | bc)")
  done
  a=$(now); "$SB" apply "$D/bench.yaml" --yes >/dev/null; b=$(now)
  ap2+=("$(echo "$b - $a" | bc)")
  stop
done
v=$(printf '%s\n' "${vs[@]}" | median); s=$(printf '%s\n' "${ap[@]}" | median)
p=$(printf '%s\n' "${pl[@]}" | median); s2=$(printf '%s\n' "${ap2[@]}" | median)
echo "| measurement ($BRIDGES bridges x $PORTS ports, median of $RUNS) | ovs-vsctl | switchboard | ratio | bar |"
echo "|---|---|---|---|---|"
echo "| first apply, one transaction, realized by ovs-vswitchd (s) | $v | $s | $(echo "scale=2; $s / $v" | bc) | ≤ 1.5 |"
echo "| unchanged re-plan, whole command (s) | — | $p | — | < 0.3 |"
echo "| unchanged re-apply (no write), whole command (s) | — | $s2 | — | — |"
