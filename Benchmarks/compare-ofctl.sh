#!/bin/sh
# ofctl vs ovs-ofctl on one private sandbox: add-flows --bundle, dump-flows to a file, and
# diff-flows and replace-flows with 1% of the flows different. Prints wall and CPU seconds and the ratio, and
# add-flows against the switch's own limit (a raw client streaming pre-encoded bundle messages).
# Usage: Benchmarks/compare-ofctl.sh [N]   (default 100000; needs a release build of ofctl:
#        swift build -c release --product ofctl --product switchboard;
#        OFCTL=path/to/ofctl compares another build)
set -eu
N=${1:-100000}
ROOT=$(cd "$(dirname "$0")/.." && pwd)
BIN=$(cd "$ROOT" && swift build -c release --show-bin-path)
OFCTL=${OFCTL:-"$BIN/ofctl"}
SB=${SB:-"$BIN/switchboard"}
# The sandbox tool's speed does not matter: a debug build will do.
[ -x "$SB" ] || SB="$(cd "$ROOT" && swift build --show-bin-path)/switchboard"
DIR=$(mktemp -d /tmp/ofbench-XXXXXX)
trap '"$SB" sandbox stop --dir "$DIR" >/dev/null 2>&1 || true; rm -rf "$DIR"' EXIT

"$SB" sandbox start --dir "$DIR" --bridge br0 >/dev/null
eval "$("$SB" sandbox env --dir "$DIR")"
ovs-vsctl --db="unix:$DIR/db.sock" -- add-br br1 -- set bridge br1 datapath_type=dummy protocols=OpenFlow14 \
    -- add-br br2 -- set bridge br2 datapath_type=dummy protocols=OpenFlow14 \
    -- set bridge br0 fail_mode=secure -- set bridge br1 fail_mode=secure -- set bridge br2 fail_mode=secure

# N distinct flows, and the same set with every 100th flow's action changed.
awk -v n="$N" 'BEGIN { for (i = 0; i < n; i++)
    printf "priority=%d,tcp,nw_src=10.%d.%d.%d,tp_dst=%d,actions=output:%d\n",
        i % 1000 + 1, int(i / 65536) % 256, int(i / 256) % 256, i % 256, i % 60000 + 1, 1 }' > "$DIR/flows.txt"
awk '{ if (NR % 100 == 0) sub(/output:1$/, "output:2"); print }' "$DIR/flows.txt" > "$DIR/flows2.txt"

# Wall and CPU (user+sys) seconds of one command, from GNU time.
measure() {
    /usr/bin/time -f "%e %U %S" -o "$DIR/t" "$@" >/dev/null
    awk '{ printf "%.3f %.3f", $1, $2 + $3 }' "$DIR/t"
}
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", a / b }'; }
row() { # name, ovs "wall cpu", ours "wall cpu"
    set -- "$1" $2 $3
    printf "| %s | %s s (cpu %s) | %s s (cpu %s) | %s× | %s× |\n" "$1" "$2" "$3" "$4" "$5" "$(ratio "$4" "$2")" \
        "$(ratio "$5" "$3")"
}

echo "| $N flows | ovs-ofctl | ofctl | wall ratio | cpu ratio |"
echo "|---|---|---|---|---|"
ovs=$(measure ovs-ofctl -O OpenFlow14 --bundle add-flows br0 "$DIR/flows.txt")
ours=$(measure "$OFCTL" --bundle add-flows br1 "$DIR/flows.txt")
row "add-flows --bundle" "$ovs" "$ours"
# The switch's own limit for the same bundle (br2): the same FLOW_MODs encoded before the clock
# starts, streamed by a raw client (Benchmarks/raw-bundle.py). The issue's bar for add-flows is
# "within 1.25x of the switch's limit".
"$OFCTL" parse-flows --hex "$DIR/flows.txt" > "$DIR/flows.hex"
raw=$(python3 "$ROOT/Benchmarks/raw-bundle.py" "$DIR/br2.mgmt" "$DIR/flows.hex" 2>/dev/null)
limit_row="| add-flows --bundle against the switch's limit | raw bundle client $raw s | ofctl ${ours%% *} s | $(ratio "${ours%% *}" "$raw")× | ≤ 1.25× |"
ovs=$(measure sh -c "ovs-ofctl -O OpenFlow14 dump-flows br0 > $DIR/d0")
ours=$(measure sh -c "$OFCTL dump-flows br1 > $DIR/d1")
row "dump-flows > file" "$ovs" "$ours"
# Before replace-flows: each bridge against the changed file, the same 1% of lines both ways.
ovs=$(measure sh -c "ovs-ofctl -O OpenFlow14 diff-flows br0 $DIR/flows2.txt > $DIR/diff0; true")
ours=$(measure sh -c "$OFCTL diff-flows br1 $DIR/flows2.txt > $DIR/diff1; true")
row "diff-flows (1% differ)" "$ovs" "$ours"
ovs=$(measure ovs-ofctl -O OpenFlow14 --bundle replace-flows br0 "$DIR/flows2.txt")
ours=$(measure "$OFCTL" --bundle replace-flows br1 "$DIR/flows2.txt")
row "replace-flows --bundle (1% differ)" "$ovs" "$ours"

echo
echo "| the switch's limit | raw client | ofctl | ratio | bar |"
echo "|---|---|---|---|---|"
echo "$limit_row"

# The two bridges must hold the same flows.
ovs-ofctl -O OpenFlow14 dump-flows br0 --no-stats | sort > "$DIR/a"
ovs-ofctl -O OpenFlow14 dump-flows br1 --no-stats | sort > "$DIR/b"
cmp -s "$DIR/a" "$DIR/b" && echo "tables identical: yes" || echo "tables identical: NO"
# ovs-ofctl prints the differences in its hash order: compared as sets of lines.
sort "$DIR/diff0" > "$DIR/diff0s"; sort "$DIR/diff1" > "$DIR/diff1s"
cmp -s "$DIR/diff0s" "$DIR/diff1s" && echo "diff-flows lines identical: yes" || echo "diff-flows lines identical: NO"
