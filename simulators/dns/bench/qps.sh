#!/usr/bin/env bash
# Queries per second: this server against NSD, both serving the same zone on loopback, measured by dnsperf in
# the same run. Needs dnsperf and nsd (apt-get install -y dnsperf nsd). Usage: bash bench/qps.sh [seconds]
set -euo pipefail

SECONDS_PER_RUN="${1:-10}"
HERE="$(cd "$(dirname "$0")" && pwd)"
PKG="$(dirname "$HERE")"
WORK="$(mktemp -d)"
SERVER_PID=""
NSD_PID=""
cleanup() {
  [ -n "$SERVER_PID" ] && kill "$SERVER_PID" 2>/dev/null || true
  [ -n "$NSD_PID" ] && kill "$NSD_PID" 2>/dev/null || true
  wait 2>/dev/null || true
  rm -rf "$WORK"
}
trap cleanup EXIT

for tool in dnsperf nsd dig curl; do
  command -v "$tool" >/dev/null || { echo "bench: $tool is not installed (apt-get install -y dnsperf nsd dnsutils curl)" >&2; exit 1; }
done

free_port() { node -e 'const s=require("net").createServer().listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})'; }

# --- the queries: answers, a CNAME chain, a wildcard, NXDOMAIN and NODATA, as a CA's DCV and CAA checks ask ---
cat > "$WORK/queries.txt" <<'Q'
www.bench.test A
_dnsauth.bench.test TXT
bench.test CAA
alias.bench.test A
shop.wild.bench.test TXT
missing.bench.test A
www.bench.test AAAA
_dnsauth.Bench.Test TXT
Q

# --- this server ---
(cd "$PKG" && exec node ${NODE_BENCH_FLAGS:-} --import tsx src/main.ts --dns-port 0 --api-port 0 --memory) >"$WORK/server.log" 2>&1 &
SERVER_PID=$!
for _ in $(seq 1 100); do grep -q "serving DNS" "$WORK/server.log" && break; sleep 0.1; done
DNS_PORT="$(sed -n 's/.*serving DNS on 127\.0\.0\.1:\([0-9]*\).*/\1/p' "$WORK/server.log")"
API="$(sed -n 's/.*management API at \(http[^ ]*\).*/\1/p' "$WORK/server.log")"
[ -n "$DNS_PORT" ] || { cat "$WORK/server.log" >&2; exit 1; }
post() { curl -sf -X POST "$API$1" -H 'content-type: application/json' -d "$2" >/dev/null; }
post /zones '{"zone":"bench.test"}'
post /records '{"name":"www.bench.test","type":"A","value":"192.0.2.1"}'
post /records '{"name":"www.bench.test","type":"AAAA","value":"2001:db8::1"}'
post /records '{"name":"_dnsauth.bench.test","type":"TXT","value":"202601010000003f9a1c5e7b2d4f6a8c0e1b3d5f"}'
post /records '{"name":"bench.test","type":"CAA","value":"0 issue \"trustasia.com\""}'
post /records '{"name":"alias.bench.test","type":"CNAME","value":"www.bench.test"}'
post /records '{"name":"*.wild.bench.test","type":"TXT","value":"wildcard"}'

# --- NSD with the same zone ---
NSD_PORT="$(free_port)"
cat > "$WORK/bench.test.zone" <<'Z'
$ORIGIN bench.test.
$TTL 300
@        3600 IN SOA ns1.dns.certsim.test. hostmaster.bench.test. 1 3600 600 1209600 60
@        3600 IN NS  ns1.dns.certsim.test.
@        3600 IN NS  ns2.dns.certsim.test.
@             IN CAA 0 issue "trustasia.com"
www           IN A    192.0.2.1
www           IN AAAA 2001:db8::1
_dnsauth      IN TXT "202601010000003f9a1c5e7b2d4f6a8c0e1b3d5f"
alias         IN CNAME www
*.wild        IN TXT "wildcard"
Z
cat > "$WORK/nsd.conf" <<C
server:
  ip-address: 127.0.0.1@$NSD_PORT
  server-count: 1
  username: ""
  chroot: ""
  zonesdir: "$WORK"
  database: ""
  zonelistfile: "$WORK/zone.list"
  xfrdfile: "$WORK/xfrd.state"
  xfrdir: "$WORK"
  pidfile: "$WORK/nsd.pid"
  logfile: "$WORK/nsd.log"
  verbosity: 0
  rrl-ratelimit: 0
  rrl-whitelist-ratelimit: 0
remote-control:
  control-enable: no
zone:
  name: bench.test
  zonefile: bench.test.zone
C
nsd -d -c "$WORK/nsd.conf" &
NSD_PID=$!
for _ in $(seq 1 50); do dig @127.0.0.1 -p "$NSD_PORT" +time=1 +tries=1 www.bench.test A >/dev/null 2>&1 && break; sleep 0.1; done

# Both must give the same answers before their speed means anything.
for q in "www.bench.test A" "alias.bench.test A" "shop.wild.bench.test TXT" "bench.test CAA"; do
  ours="$(dig @127.0.0.1 -p "$DNS_PORT" +short $q)"
  theirs="$(dig @127.0.0.1 -p "$NSD_PORT" +short $q)"
  [ "$ours" = "$theirs" ] || { echo "bench: answers differ for '$q': '$ours' vs '$theirs'" >&2; exit 1; }
done

qps() { dnsperf -s 127.0.0.1 -p "$1" -d "$WORK/queries.txt" -l "$SECONDS_PER_RUN" 2>&1 | tee "$WORK/perf-$1.txt" | sed -n 's/.*Queries per second:[[:space:]]*\([0-9.]*\).*/\1/p'; }
lost() { sed -n 's/.*Queries lost:[[:space:]]*\([0-9]*\).*/\1/p' "$WORK/perf-$1.txt"; }
OURS="$(qps "$DNS_PORT")"
NSD="$(qps "$NSD_PORT")"
RATIO="$(awk -v a="$OURS" -v b="$NSD" 'BEGIN { printf "%.1f", 100 * a / b }')"
echo "date:        $(date -u +%Y-%m-%dT%H:%MZ)"
echo "command:     dnsperf -s 127.0.0.1 -p PORT -d queries.txt -l $SECONDS_PER_RUN  (8 query shapes, $(nproc) cores)"
echo "certsim dns: $OURS queries/s (lost $(lost "$DNS_PORT"))"
echo "nsd $(nsd -v 2>&1 | sed -n 's/NSD version //p'):   $NSD queries/s (lost $(lost "$NSD_PORT"), server-count 1)"
echo "ratio:       $RATIO% of NSD"
