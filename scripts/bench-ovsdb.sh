#!/usr/bin/env bash
# OVSDB speed bar of issue #7, Switchboard vs ovs-vsctl in the same run, against a private
# standalone ovsdb-server (no ovs-vswitchd, so nothing else writes to the database meanwhile).
#   scripts/bench-ovsdb.sh [RUNS]      (release build of switchboard; prints a Markdown table)
set -euo pipefail
cd "$(dirname "$0")/.."
RUNS=${1:-5}
swift build -c release --product switchboard >/dev/null
SB="$(swift build -c release --show-bin-path)/switchboard"
SCHEMA=/usr/share/openvswitch/vswitch.ovsschema

D=$(mktemp -d /tmp/ovsdb-bench-XXXXXX)
export OVS_RUNDIR=$D OVS_LOGDIR=$D OVS_DBDIR=$D OVS_SYSCONFDIR=$D
start_server() {
  rm -f "$D/conf.db" "$D/db.sock"
  ovsdb-tool create "$D/conf.db" "$SCHEMA"
  ovsdb-server "$D/conf.db" --remote=punix:"$D/db.sock" --pidfile="$D/ovsdb-server.pid" --detach \
    --log-file="$D/ovsdb-server.log" --unixctl="$D/ovsdb-server.ctl" -vconsole:off
  ovs-vsctl --db=unix:"$D/db.sock" --no-wait init
}
stop_server() { kill "$(cat "$D/ovsdb-server.pid")" 2>/dev/null || true; sleep 0.2; }
trap 'stop_server; rm -rf "$D"' EXIT
DB=unix:$D/db.sock
now() { date +%s.%N; }
median() { sort -g | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }

# 1. 1,000 ports in one transaction.
vsctl_times=(); sb_times=(); rates=()
for run in $(seq "$RUNS"); do
  start_server
  ovs-vsctl --db="$DB" --no-wait add-br vbr0
  a=$(now); ovs-vsctl --db="$DB" --no-wait -- add-port vbr0 vp0 $(for i in $(seq 1 999); do printf -- "-- add-port vbr0 vp%d " "$i"; done); b=$(now)
  vsctl_times+=("$(echo "$b - $a" | bc)")
  out=$("$SB" db bench --db "$DB" --ports 1000 --transactions 1000)
  sb_times+=("$(echo "$out" | sed -n 's/.*bulk_seconds=\([0-9.]*\).*/\1/p')")
  rates+=("$(echo "$out" | sed -n 's/.*rate_per_second=\([0-9]*\).*/\1/p')")
  stop_server
done
v=$(printf '%s\n' "${vsctl_times[@]}" | median); s=$(printf '%s\n' "${sb_times[@]}" | median)
r=$(printf '%s\n' "${rates[@]}" | median)

# 3. 10,000 ports: initial load and show, wall time and peak RSS, same method for both.
start_server
ovs-vsctl --db="$DB" --no-wait add-br big
for chunk in $(seq 0 9); do
  ovs-vsctl --db="$DB" --no-wait $(for i in $(seq 0 999); do printf -- "-- add-port big bigp%d_%d " "$chunk" "$i"; done) >/dev/null
done
show_v=(); show_s=(); rss_v=(); rss_s=()
for run in $(seq "$RUNS"); do
  /usr/bin/time -f "%e %M" -o "$D/t" ovs-vsctl --db="$DB" show >"$D/vsctl.out"; read -r t m <"$D/t"; show_v+=("$t"); rss_v+=("$m")
  /usr/bin/time -f "%e %M" -o "$D/t" "$SB" db show --db "$DB" >"$D/sb.out"; read -r t m <"$D/t"; show_s+=("$t"); rss_s+=("$m")
done
cmp -s "$D/vsctl.out" "$D/sb.out" && same=yes || same=NO
sv=$(printf '%s\n' "${show_v[@]}" | median); ss=$(printf '%s\n' "${show_s[@]}" | median)
mv_=$(printf '%s\n' "${rss_v[@]}" | median); ms=$(printf '%s\n' "${rss_s[@]}" | median)

echo "| measurement (median of $RUNS) | ovs-vsctl | switchboard | ratio | bar |"
echo "|---|---|---|---|---|"
echo "| 1,000 ports, one transaction (s) | $v | $s | $(echo "scale=3; $s / $v" | bc) | ≤ 0.5 |"
echo "| 1,000 pipelined small transactions (tx/s) | — | $r | — | ≥ 5,000 |"
echo "| show of 10,000 ports: wall time (s) | $sv | $ss | $(echo "scale=3; $ss / $sv" | bc) | ≤ 1 |"
echo "| show of 10,000 ports: peak RSS (KiB) | $mv_ | $ms | $(echo "scale=3; $ms / $mv_" | bc) | ≤ 1 |"
echo "| show output identical | $same | | | yes |"
