#!/usr/bin/env bash
# Flow installation by os-ken (issue #6: Switchboard must be ≥ 10× os-ken's app doing the same):
# a private ovs-vswitchd (dummy datapath) whose bridge connects to os-ken, which sends N distinct
# flow mods and a barrier (Benchmarks/osken/flow_install.py); the time is os-ken's own, from the
# first flow mod to the barrier reply. Then Benchmarks/Tools/FlowInstall in the same run gives
# Switchboard's and the raw client's numbers for the same flows.
# Usage: Benchmarks/osken-flow-install.sh [N] [RUNS]
#   env: OSKEN_PYTHON (default /tmp/osken-venv/bin/python; see controller-load.sh to make it),
#        FLOWINSTALL (default Benchmarks/.build/release/FlowInstall)
# Needs a release FlowInstall: (cd Benchmarks && swift build -c release --product FlowInstall)
set -eu
N=${1:-100000}
RUNS=${2:-3}
HERE=$(cd "$(dirname "$0")" && pwd)
OSKEN_PYTHON=${OSKEN_PYTHON:-/tmp/osken-venv/bin/python}
PORT=${PORT:-16654}
cd "$HERE/.."
. scripts/lib/private-ovs.sh osken-flows
start
ovs-vsctl --db="$DB" add-br br0 -- set bridge br0 datapath_type=dummy fail_mode=secure protocols=OpenFlow14
times=()
for run in $(seq "$RUNS"); do
  ovs-ofctl -O OpenFlow14 del-flows br0
  OSKEN_APP=flow_install FLOWS=$N "$OSKEN_PYTHON" "$HERE/osken/run.py" --ofp-listen-host 127.0.0.1 \
    --ofp-tcp-listen-port "$PORT" >"$D/osken.log" 2>&1 &
  osken=$!
  ovs-vsctl --db="$DB" set-controller br0 "tcp:127.0.0.1:$PORT"
  wait "$osken" || { echo "os-ken failed; see $D/osken.log" >&2; cat "$D/osken.log" >&2; exit 1; }
  seconds=$(sed -n 's/^osken_seconds=//p' "$D/osken.log")
  count=$(ovs-ofctl -O OpenFlow14 dump-aggregate br0 | sed -n 's/.*flow_count=\([0-9]*\).*/\1/p')
  # Counted before this: OVS flushes a bridge's flows when it loses its last controller.
  ovs-vsctl --db="$DB" del-controller br0
  [ "$count" = "$N" ] || { echo "os-ken run $run: $count flows in the table, expected $N" >&2; exit 1; }
  echo "os-ken run $run: $seconds s ($count flows checked)"
  times+=("$seconds")
done
stop
m=$(printf '%s\n' "${times[@]}" | median)
echo "os-ken: median $m s for $N flow mods + barrier ($(echo "$N / $m" | bc) flows/s)"
echo "FlowInstall (Switchboard and raw client, same flows):"
"${FLOWINSTALL:-$HERE/.build/release/FlowInstall}" "$N" "$RUNS"
