#!/usr/bin/env bash
# Policies speed bar of issue #9: one bridge with 10,000 stateful DNAT rules and 1,000 COPY rules.
#   1. first `switchboard apply` (compile + plan + OVSDB transaction + one bundle), against
#      installing the very same flows and groups with `ofctl add-groups`/`add-flows --bundle`
#      (the flows dumped from the first run, so both sides install identical tables), and the
#      same with ovs-ofctl, the peer;
#   2. unchanged re-apply (must send no flow mod: the bridge's flow tables are unchanged);
#   3. a one-rule change: the plan's flow lines must be that rule's flows only.
# Private ovsdb-server + ovs-vswitchd (dummy datapath), release builds.
#   scripts/bench-policies.sh [RUNS]        DNAT=10000 COPY=1000 by default
set -euo pipefail
cd "$(dirname "$0")/.."
RUNS=${1:-3}
DNAT=${DNAT:-10000}
COPY=${COPY:-1000}
if [ -z "${BIN:-}" ]; then  # BIN=dir with switchboard and ofctl skips the release build
  swift build -c release >/dev/null
  BIN="$(swift build -c release --show-bin-path)"
fi
. scripts/lib/private-ovs.sh policy-bench

# DNAT rule i: VIP 10.(100+i/65536).(i/256%256).(i%256), TCP 45, to one of 4 plugins' port 22.
# COPY rule i: ICMP to 172.16.(i/256).(i%256) copied to the ids plugin.
topology() {  # $1: destination port of DNAT rule 0 (45, or 46 for the one-rule change)
  echo "name: bench"
  echo "ovsdb: $DB"
  echo "bridges:"
  echo "  br0:"
  echo "    datapath_type: dummy"
  echo "    ports: {uplink: {type: dummy, ofport_request: 1}, p1: {type: dummy}, p2: {type: dummy}, p3: {type: dummy}, p4: {type: dummy}, ids0: {type: dummy}}"
  echo "    plugins:"
  for k in 1 2 3 4; do echo "      s$k: {port: p$k, ip: 192.168.0.$k/24, mac: \"02:00:00:00:00:0$k\"}"; done
  echo "      ids: {port: ids0, ip: 192.168.0.9/24, mac: \"02:00:00:00:00:09\"}"
  echo "    policies:"
  awk -v n="$DNAT" -v first="$1" 'BEGIN { for (i = 0; i < n; i++)
    printf "      - PREROUTING -i uplink -p tcp -d 10.%d.%d.%d --dport %d -j DNAT --to s%d:22\n",
      100 + int(i / 65536), int(i / 256) % 256, i % 256, (i == 0 ? first : 45), 1 + i % 4 }'
  awk -v n="$COPY" 'BEGIN { for (i = 0; i < n; i++)
    printf "      - PREROUTING -p icmp -d 172.16.%d.%d -j COPY --to ids\n", int(i / 256), i % 256 }'
}
topology 45 >"$D/bench.yaml"
topology 46 >"$D/changed.yaml"

sb=(); of=(); ovs=(); re=(); flows=0; groups=0; changed=""
for run in $(seq "$RUNS"); do
  start
  a=$(now); "$BIN/switchboard" apply "$D/bench.yaml" --yes >"$D/apply.out"; b=$(now)
  sb+=("$(echo "$b - $a" | bc)")
  ovs-ofctl -O OpenFlow14 dump-flows br0 --no-stats | sed 's/^ //' >"$D/flows.txt"
  ovs-ofctl -O OpenFlow14 dump-groups br0 | sed -n 's/^ //p' >"$D/groups.txt"
  flows=$(wc -l <"$D/flows.txt"); groups=$(wc -l <"$D/groups.txt")
  a=$(now); "$BIN/switchboard" apply "$D/bench.yaml" --yes >"$D/reapply.out"; b=$(now)
  re+=("$(echo "$b - $a" | bc)")
  grep -q "sending one bundle" "$D/reapply.out" && echo "run $run: the unchanged re-apply sent a bundle" >&2
  changed=$("$BIN/switchboard" plan "$D/changed.yaml" | grep -cE '^    [-+~] flow' || true)
  # The same tables installed by ofctl (bridge, ports and plugins as switchboard left them).
  "$BIN/ofctl" del-flows br0 >/dev/null
  "$BIN/ofctl" del-groups br0 >/dev/null
  a=$(now)
  "$BIN/ofctl" --bundle add-groups br0 "$D/groups.txt" >/dev/null
  "$BIN/ofctl" --bundle add-flows br0 "$D/flows.txt" >/dev/null
  b=$(now)
  of+=("$(echo "$b - $a" | bc)")
  ovs-ofctl -O OpenFlow14 del-flows br0 >/dev/null
  ovs-ofctl -O OpenFlow14 del-groups br0 >/dev/null
  a=$(now)
  ovs-ofctl -O OpenFlow14 --bundle add-groups br0 "$D/groups.txt" >/dev/null
  ovs-ofctl -O OpenFlow14 --bundle add-flows br0 "$D/flows.txt" >/dev/null
  b=$(now)
  ovs+=("$(echo "$b - $a" | bc)")
  stop
done
s=$(printf '%s\n' "${sb[@]}" | median); o=$(printf '%s\n' "${of[@]}" | median)
r=$(printf '%s\n' "${re[@]}" | median)
v=$(printf '%s\n' "${ovs[@]}" | median)
echo "| $DNAT DNAT + $COPY COPY rules ($flows flows, $groups groups), median of $RUNS | ofctl --bundle | switchboard | ratio | bar |"
echo "|---|---|---|---|---|"
echo "| first apply: compile, plan, OVSDB transaction, one bundle (s) | $o | $s | $(echo "scale=2; $s / $o" | bc) | ≤ 1.2 |"
echo "| the same against ovs-ofctl --bundle (s) | $v | $s | $(echo "scale=2; $s / $v" | bc) | — |"
echo "| unchanged re-apply, whole command, no flow mod sent (s) | — | $r | — | < 1 |"
echo "| one-rule change: flow lines in the plan | — | $changed | — | that rule's flows only |"
