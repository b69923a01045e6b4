# Sourced by the benchmark scripts: a private ovsdb-server + ovs-vswitchd (dummy datapath) in a
# fresh directory $D, restartable between runs, removed on exit; and the timing helpers.
#   . scripts/lib/private-ovs.sh PREFIX     sets D, DB and the OVS_* variables; defines start, stop, now, median
SCHEMA=/usr/share/openvswitch/vswitch.ovsschema
D=$(mktemp -d "/tmp/$1-XXXXXX")
export OVS_RUNDIR=$D OVS_LOGDIR=$D OVS_DBDIR=$D OVS_SYSCONFDIR=$D
DB=unix:$D/db.sock
start() {
  rm -f "$D/conf.db" "$D/db.sock"
  ovsdb-tool create "$D/conf.db" "$SCHEMA"
  ovsdb-server "$D/conf.db" --remote=punix:"$D/db.sock" --pidfile="$D/ovsdb-server.pid" --detach \
    --log-file="$D/ovsdb-server.log" --unixctl="$D/ovsdb-server.ctl" -vconsole:off
  ovs-vsctl --db="$DB" --no-wait init
  ovs-vswitchd --enable-dummy --disable-system --disable-system-route "$DB" --pidfile="$D/ovs-vswitchd.pid" \
    --detach --log-file="$D/ovs-vswitchd.log" --unixctl="$D/ovs-vswitchd.ctl" -vconsole:off
}
stop() {
  kill "$(cat "$D/ovs-vswitchd.pid" 2>/dev/null)" 2>/dev/null || true
  kill "$(cat "$D/ovsdb-server.pid" 2>/dev/null)" 2>/dev/null || true
  sleep 0.5
}
trap 'stop; rm -rf "$D"' EXIT
now() { date +%s.%N; }
median() { sort -g | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }
