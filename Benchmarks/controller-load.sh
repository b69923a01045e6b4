#!/usr/bin/env bash
# Packet-in load (cbench-style) and memory: `switchboard serve --app l2-learning` and, if it is
# installed, os-ken's learning switch under the same fake switches (Benchmarks/Tools/OFLoad), one run.
# Usage: Benchmarks/controller-load.sh
#   env: DURATION (s per load run, default 10), IDLE (idle switches for memory, default 1000),
#        OSKEN_PYTHON (a python with os-ken installed; default /tmp/osken-venv/bin/python, made by
#        `python3 -m venv /tmp/osken-venv && /tmp/osken-venv/bin/pip install os-ken`),
#        CONTROLLERS (default "switchboard os-ken"),
#        SWITCHBOARD (the switchboard binary; default the release build's, e.g. a saved copy for "before")
# Needs release builds: (cd Benchmarks && swift build -c release --product OFLoad --product switchboard)
# The controller is pinned to CPU 1 and the generator to CPU 0 (taskset), so "one controller
# core" is literal; other processes on the machine still share both.
set -eu
DURATION=${DURATION:-10}
IDLE=${IDLE:-1000}
HERE=$(cd "$(dirname "$0")" && pwd)
BIN=$(cd "$HERE" && swift build -c release --show-bin-path)
LOAD="$BIN/OFLoad"
SWITCHBOARD=${SWITCHBOARD:-$BIN/switchboard}
OSKEN_PYTHON=${OSKEN_PYTHON:-/tmp/osken-venv/bin/python}
CONTROLLERS=${CONTROLLERS:-switchboard os-ken}
PORT=${PORT:-16653}
PID=

stop_controller() {
    if [ -n "$PID" ]; then kill "$PID" 2>/dev/null || true; wait "$PID" 2>/dev/null || true; fi
    PID=
}
trap stop_controller EXIT

# start_controller NAME: starts it in the background on $PORT and waits until the port accepts.
start_controller() {
    case "$1" in
    switchboard) taskset -c 1 "$SWITCHBOARD" serve --listen "tcp:127.0.0.1:$PORT" --app l2-learning \
        >/tmp/controller-load-$1.log 2>&1 & ;;
    # os-ken 4.x ships neither osken-manager nor simple_switch_13: osken/run.py and
    # osken/learning_switch.py stand in for them.
    os-ken) taskset -c 1 "$OSKEN_PYTHON" "$HERE/osken/run.py" --ofp-listen-host 127.0.0.1 \
        --ofp-tcp-listen-port "$PORT" >/tmp/controller-load-$1.log 2>&1 & ;;
    esac
    PID=$!
    for _ in $(seq 100); do
        if (exec 3<>"/dev/tcp/127.0.0.1/$PORT") 2>/dev/null; then return 0; fi
        sleep 0.1
    done 2>/dev/null
    echo "$1 did not start listening; see /tmp/controller-load-$1.log" >&2
    exit 1
}

HZ=$(getconf CLK_TCK)
ticks() { awk '{ print $14 + $15 }' "/proc/$1/stat"; }
kib() { awk -v k="$2" '$1 == k":" { print $2 }' "/proc/$1/status"; }

# measure NAME VERSION
measure() {
    name=$1 version=$2
    # Memory with IDLE idle switches: a fresh process, RSS while they are held, then the peak.
    start_controller "$name"
    taskset -c 0 "$LOAD" --target "127.0.0.1:$PORT" --switches "$IDLE" --mode idle --duration 5 \
        --version "$version" >/tmp/controller-load-idle.txt &
    load=$!
    sleep 4
    rss=$(kib "$PID" VmRSS)
    wait "$load"
    echo "$name: $(tail -1 /tmp/controller-load-idle.txt) rss_during_hold_kib=$rss peak_rss_kib=$(kib "$PID" VmHWM)"
    stop_controller

    # Load: a fresh process; peak RSS after all four runs (the 16-switch throughput run dominates).
    start_controller "$name"
    # The controller's CPU time over the measured part of each run (after the generator's 2 s
    # warm-up) as well: on a shared machine responses per controller CPU-second compare builds
    # more steadily than responses/s, which follow whatever share of the core the controller got.
    for mode in throughput latency; do
        for n in 1 16; do
            taskset -c 0 "$LOAD" --target "127.0.0.1:$PORT" --switches "$n" --mode "$mode" \
                --duration "$DURATION" --version "$version" >/tmp/controller-load-run.txt &
            load=$!
            sleep 2
            before=$(ticks "$PID")
            wait "$load"
            after=$(ticks "$PID")
            line=$(tail -1 /tmp/controller-load-run.txt)
            rate=$(echo "$line" | sed -n 's/.*responses\/s=\([0-9]*\).*/\1/p')
            echo "$name: $line" $(awk -v r="${rate:-0}" -v d="$DURATION" -v t=$((after - before)) -v hz="$HZ" \
                'BEGIN { s = t / hz; printf "controller_cpu_s=%.2f responses_per_cpu_s=%d", s, (s > 0 ? r * d / s : 0) }')
        done
    done
    echo "$name: peak_rss_kib_under_load=$(kib "$PID" VmHWM) cpu_ticks=$(ticks "$PID")"
    stop_controller
}

echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
for name in $CONTROLLERS; do
    case "$name" in
    switchboard) measure switchboard 5 ;;
    os-ken)
        if "$OSKEN_PYTHON" -c 'import os_ken' 2>/dev/null; then
            # The learning switch speaks OpenFlow 1.3 only (its OFP_VERSIONS); the fake switches follow.
            measure os-ken 4
        else
            echo "os-ken: not importable with $OSKEN_PYTHON; skipped"
        fi
        ;;
    esac
done
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
