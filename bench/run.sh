#!/usr/bin/env bash
# StreamIt realtime benchmark: builds the tools, starts each server on a free port, runs the
# latency sizes and the idle-connection test against it, stops it by PID and prints a markdown
# table. See docs/benchmarks.md.
#
#   bench/run.sh [--quick] [--targets ref,node,kernel] [--sizes 100,1000,5000] [--idle 19000]
#                [--kernel PATH/streamit] [--kernel-plugins DIR] [--crossnode]
#                [--ref-threads N] [--commands M] [--interval-ms T] [--build-dir DIR]
#                [--payload-bytes B] [--rounds R] [--out FILE.jsonl]
#
# --payload-bytes sets what the ref and node hosts send (default 100; 380 matches the kernel's
# playback.state frame). --rounds R repeats the latency runs R times, the targets interleaved in
# every round (a fresh server each time), and adds a table of the median p50 per target and
# size: single runs at 100 viewers move by ±20 % with the machine's load.
# --targets "" with --crossnode runs only the cross-node test. The kernel target (needs --kernel;
# embedded config: memory realtime store, SQLite in a temp
# dir, guests may create rooms, client message rate limits lifted). --crossnode also starts a
# Redis and two kernels sharing it, with the host on one and viewers on the other.
# The load client and the servers share the machine's cores: numbers include that contention.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/.." && pwd)
build_dir="$here/build"
targets="ref,node"
sizes="100,1000,5000"
idle_sizes="19000"
commands=100
interval_ms=""  # empty: max(20, viewers/20) ms, so one fan-out ends before the next starts
hold_s=5
quick=0
kernel_bin=""
kernel_plugins=""
crossnode=0
ref_threads=1
payload_bytes=100
rounds=1
out=""
sizes_given=0
idle_given=0

while [[ $# -gt 0 ]]; do
  case "$1" in
    --quick) quick=1; shift ;;
    --targets) targets="$2"; shift 2 ;;
    --sizes) sizes="$2"; sizes_given=1; shift 2 ;;
    --idle) idle_sizes="$2"; idle_given=1; shift 2 ;;
    --kernel) kernel_bin="$2"; shift 2 ;;
    --kernel-plugins) kernel_plugins="$2"; shift 2 ;;  # dir holding auth-guest/, provider-direct/
    --crossnode) crossnode=1; shift ;;
    --ref-threads) ref_threads="$2"; shift 2 ;;
    --build-dir) build_dir="$2"; shift 2 ;;
    --commands) commands="$2"; shift 2 ;;
    --payload-bytes) payload_bytes="$2"; shift 2 ;;
    --rounds) rounds="$2"; shift 2 ;;
    --interval-ms) interval_ms="$2"; shift 2 ;;
    --out) out="$2"; shift 2 ;;
    -h|--help) sed -n '2,15p' "$0"; exit 0 ;;
    *) echo "unknown option $1" >&2; exit 2 ;;
  esac
done
if [[ $quick -eq 1 ]]; then
  [[ $sizes_given -eq 1 ]] || sizes="100,1000"
  [[ $idle_given -eq 1 ]] || idle_sizes="2000"
  commands=30; hold_s=2
fi
if [[ ",$targets," == *",kernel,"* && -z "$kernel_bin" ]]; then
  echo "the kernel target needs --kernel PATH/streamit" >&2; exit 2
fi

work=$(mktemp -d /tmp/streamit-bench.XXXXXX)
results="${out:-$work/results.jsonl}"
: > "$results"
pids=()
cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${pids[@]}"; do wait "$pid" 2>/dev/null || true; done
}
trap cleanup EXIT

# --- build -----------------------------------------------------------------------------------
launcher=()
command -v ccache >/dev/null && launcher=(-DCMAKE_CXX_COMPILER_LAUNCHER=ccache)
cmake -S "$here" -B "$build_dir" -DCMAKE_BUILD_TYPE=Release "${launcher[@]}" >/dev/null
cmake --build "$build_dir" --target streamit_ref_server streamit_loadgen -j2 >/dev/null
loadgen="$build_dir/streamit_loadgen"
if [[ ",$targets," == *",node,"* && ! -d "$here/node_server/node_modules/ws" ]]; then
  (cd "$here/node_server" && npm install --no-audit --no-fund >/dev/null)
fi

ulimit -n "$(ulimit -Hn)"

# --- servers -----------------------------------------------------------------------------------
port_free() { ! (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
free_port() {
  local p
  for _ in $(seq 1 200); do
    p=$((20000 + RANDOM % 12000))  # below the ephemeral range (32768+)
    if port_free "$p"; then echo "$p"; return; fi
  done
  echo "no free port" >&2; exit 1
}
wait_ready_line() {  # log file → port
  for _ in $(seq 1 100); do
    if grep -q '^ready port=' "$1" 2>/dev/null; then
      sed -n 's/^ready port=\([0-9]*\).*/\1/p' "$1"; return
    fi
    sleep 0.1
  done
  echo "server did not start; log: $1" >&2; cat "$1" >&2; exit 1
}
wait_port() {  # port
  for _ in $(seq 1 150); do
    if ! port_free "$1"; then return; fi
    sleep 0.1
  done
  echo "nothing listening on $1" >&2; exit 1
}
stop_server() {  # pid
  kill "$1" 2>/dev/null || true
  wait "$1" 2>/dev/null || true
  local rest=()
  for pid in "${pids[@]}"; do [[ "$pid" != "$1" ]] && rest+=("$pid"); done
  pids=("${rest[@]+"${rest[@]}"}")
}

kernel_config() {  # dir port realtime(memory|redis) [redis_port]
  local plugin_root="${kernel_plugins:-$(dirname "$kernel_bin")/../plugins}"
  plugin_root=$(cd "$plugin_root" && pwd)
  cat > "$1/streamit.yaml" <<YAML
data_dir: $1/data
http:
  host: 127.0.0.1
  port: $2
  access_log: false
log:
  level: warn
storage:
  backend: sqlite
  sqlite:
    path: ${shared_db:-streamit.db}
realtime:
  backend: $3
  redis:
    host: 127.0.0.1
    port: ${4:-6379}
auth:
  guests_may_create_rooms: true
  keys:
    - id: bench
      secret: "streamit-benchmark-only-secret-0123456789abcdef"
      use_for_signing: true
plugins:
  directories: [$plugin_root/auth-guest, $plugin_root/provider-direct]
  instances:
    - id: auth.guest
      library: libauth_guest.so
      required: true
    - id: provider.direct
      library: libprovider_direct.so
      required: true
      config:
        allow_loopback: true
gateway:
  message_rate_per_s: 100000
  message_burst: 100000
YAML
  mkdir -p "$1/data"
}

start_server() {  # target → sets server_pid, server_url
  local log="$work/$1-$RANDOM.log"
  case "$1" in
    ref)
      "$build_dir/streamit_ref_server" --port 0 --threads "$ref_threads" >"$log" 2>&1 &
      server_pid=$!; pids+=("$server_pid")
      server_url="ws://127.0.0.1:$(wait_ready_line "$log")/ws" ;;
    node)
      node "$here/node_server/server.js" --port 0 >"$log" 2>&1 &
      server_pid=$!; pids+=("$server_pid")
      server_url="ws://127.0.0.1:$(wait_ready_line "$log")/ws" ;;
    kernel)
      local dir="$work/kernel-$RANDOM" port; port=$(free_port); mkdir -p "$dir"
      kernel_config "$dir" "$port" memory
      (cd "$dir" && exec "$kernel_bin" serve --config "$dir/streamit.yaml") >"$log" 2>&1 &
      server_pid=$!; pids+=("$server_pid")
      wait_port "$port"
      server_url="http://127.0.0.1:$port" ;;
  esac
  echo "== $1 server pid $server_pid at $server_url (log $log)" >&2
}

run_loadgen() {  # args... ; appends the JSON line, keeps going on failure
  "$loadgen" "$@" >>"$results" || echo "   (loadgen reported errors; see the JSON line)" >&2
}

# The kernel's room needs a source before it accepts seeks: a reference server answers plain
# HTTP with an empty video/mp4, which provider.direct resolves (loopback allowed above).
media_url=""
if [[ ",$targets," == *",kernel,"* || $crossnode -eq 1 ]]; then
  "$build_dir/streamit_ref_server" --port 0 >"$work/media.log" 2>&1 &
  media_pid=$!; pids+=("$media_pid")
  media_url="http://127.0.0.1:$(wait_ready_line "$work/media.log")/bench.mp4"
fi

IFS=, read -r -a target_list <<<"$targets"
IFS=, read -r -a size_list <<<"$sizes"
IFS=, read -r -a idle_list <<<"$idle_sizes"

label_of() {  # target → label in the tables
  if [[ "$1" == ref && "$ref_threads" != 1 ]]; then echo "ref-t$ref_threads"; else echo "$1"; fi
}

for ((round = 1; round <= rounds; round++)); do
  for target in "${target_list[@]+"${target_list[@]}"}"; do
    label=$(label_of "$target")
    payload=()
    [[ "$target" != kernel ]] && payload=(--payload-bytes "$payload_bytes")
    start_server "$target"
    for n in "${size_list[@]}"; do
      gap="${interval_ms:-$(( n / 20 > 20 ? n / 20 : 20 ))}"
      run_loadgen --mode latency --target "$target" --url "$server_url" --viewers "$n" \
        --commands "$commands" --interval-ms "$gap" --settle-ms 1000 --label "$label" \
        "${payload[@]}" ${media_url:+--media-url "$media_url"}
    done
    stop_server "$server_pid"
    [[ $round -gt 1 ]] && continue
    for c in "${idle_list[@]}"; do
      # A fresh server per idle run, so the memory delta is the connections' alone.
      start_server "$target"
      sleep 1
      run_loadgen --mode idle --target "$target" --url "$server_url" --connections "$c" \
        --hold-s "$hold_s" --server-pid "$server_pid" --source-addrs 4 --label "$label"
      stop_server "$server_pid"
    done
  done
done

if [[ $crossnode -eq 1 ]]; then
  [[ -n "$kernel_bin" ]] || { echo "--crossnode needs --kernel" >&2; exit 2; }
  redis_port=$(free_port)
  redis-server --port "$redis_port" --save "" --appendonly no --dir "$work" >"$work/redis.log" 2>&1 &
  redis_pid=$!; pids+=("$redis_pid"); wait_port "$redis_port"
  shared_db="$work/shared.db"
  dir_a="$work/kernel-a"; dir_b="$work/kernel-b"; mkdir -p "$dir_a" "$dir_b"
  port_a=$(free_port); kernel_config "$dir_a" "$port_a" redis "$redis_port"
  (cd "$dir_a" && exec "$kernel_bin" serve --config "$dir_a/streamit.yaml") >"$work/ka.log" 2>&1 &
  pid_a=$!; pids+=("$pid_a"); wait_port "$port_a"
  port_b=$(free_port); kernel_config "$dir_b" "$port_b" redis "$redis_port"
  (cd "$dir_b" && exec "$kernel_bin" serve --config "$dir_b/streamit.yaml") >"$work/kb.log" 2>&1 &
  pid_b=$!; pids+=("$pid_b"); wait_port "$port_b"
  # Equal groups: viewers on A (same node as the host) are the baseline for viewers on B.
  cross_n=500; [[ $quick -eq 1 ]] && cross_n=50
  run_loadgen --mode crossnode --target kernel --url "http://127.0.0.1:$port_a" \
    --url-b "http://127.0.0.1:$port_b" --viewers "$cross_n" --control-viewers "$cross_n" \
    --commands "$commands" --interval-ms "${interval_ms:-50}" --label "kernel-crossnode" \
    --media-url "$media_url"
  run_loadgen --mode crossnode --target kernel --url "http://127.0.0.1:$port_a" \
    --url-b "http://127.0.0.1:$port_b" --viewers 50 --control-viewers 50 \
    --rate 1000 --duration-s "$([[ $quick -eq 1 ]] && echo 3 || echo 10)" \
    --label "kernel-crossnode-rate" --media-url "$media_url"
  stop_server "$pid_b"; stop_server "$pid_a"; stop_server "$redis_pid"
fi

# --- table -------------------------------------------------------------------------------------
echo
echo "Results: $results"
echo
echo "| server | viewers | cmd gap (ms) | open | last-viewer p50 / p99 (ms) | all-viewer p50 / p99 (ms) | incomplete cmds | errors |"
echo "|---|---:|---:|---:|---:|---:|---:|---:|"
jq -r 'select(.mode=="latency") | if .error then "| \(.label) | – | – | – | \(.error) | | | |" else
  "| \(.label) | \(.viewers) | \(.interval_ms | floor) | \(.open_viewers) | \(.last_viewer.p50_ms) / \(.last_viewer.p99_ms) | \(.all_viewers.p50_ms) / \(.all_viewers.p99_ms) | \(.incomplete_commands) | \(.connect_errors + .dropped_during_run) |" end' "$results"
if [[ $rounds -gt 1 ]]; then
  echo
  echo "Median over $rounds rounds (each round's p50 listed in run order):"
  echo
  echo "| server | viewers | median last-viewer p50 (ms) | per-round last-viewer p50 | median all-viewer p50 (ms) |"
  echo "|---|---:|---:|---|---:|"
  jq -rs 'def median: sort | .[length / 2 | floor];
    map(select(.mode=="latency" and (.error | not))) | group_by([.label, .viewers])[] |
    "| \(.[0].label) | \(.[0].viewers) | \(map(.last_viewer.p50_ms) | median) | \(map(.last_viewer.p50_ms | tostring) | join(" · ")) | \(map(.all_viewers.p50_ms) | median) |"' "$results"
fi
echo
echo "| server | idle connections | opened | still open | ramp (conn/s) | RSS B/conn | RssAnon B/conn | errors |"
echo "|---|---:|---:|---:|---:|---:|---:|---:|"
jq -r 'select(.mode=="idle") | if .error then "| \(.label) | – | \(.error) | | | | | |" else
  "| \(.label) | \(.connections) | \(.opened) | \(.still_open) | \(.conn_per_s) | \(.rss_bytes_per_conn) | \(.anon_bytes_per_conn) | \(.connect_errors) |" end' "$results"
if grep -q '"crossnode"' "$results"; then
  echo
  echo "| run | same-node p50 (ms) | cross-node p50 / p99 (ms) | added p50 (ms) | first-s p50 | last-s p50 | incomplete |"
  echo "|---|---:|---:|---:|---:|---:|---:|"
  jq -r 'select(.mode=="crossnode") | if .error then "| \(.label) | \(.error) | | | | | |" else
    "| \(.label) (\(.viewers) viewers, half per node, gap \(.interval_ms | floor) ms) | \(.all_viewers.p50_ms) | \(.cross_node_viewers.p50_ms) / \(.cross_node_viewers.p99_ms) | \(.added_p50_ms) | \(.first_second.p50_ms // "–") | \(.last_second.p50_ms // "–") | \(.incomplete_commands) |" end' "$results"
fi
