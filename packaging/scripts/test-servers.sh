#!/usr/bin/env bash
# Starts a private redis-server and a private PostgreSQL 15 cluster on free loopback ports in
# a temporary directory, and writes their coordinates as shell exports to $dir/env.
#   test-servers.sh start DIR   → prints nothing on success; source DIR/env afterwards
#   test-servers.sh stop DIR    → stops both by the PIDs recorded at start
set -euo pipefail
cmd=$1 dir=$2
pgbin=$(ls -d /usr/lib/postgresql/15/bin 2>/dev/null || true)

free_port() {
  local port
  for _ in $(seq 1 200); do
    port=$((20000 + RANDOM % 39000))
    if ! (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then echo "$port"; return; fi
  done
  echo "no free port" >&2; return 1
}

wait_port() {
  for _ in $(seq 1 200); do
    (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null && return 0
    sleep 0.05
  done
  echo "nothing listening on $1" >&2; return 1
}

start() {
  mkdir -p "$dir"
  chmod 755 "$dir"
  local redis_port pg_port
  redis_port=$(free_port)
  redis-server --port "$redis_port" --bind 127.0.0.1 --save '' --appendonly no \
    --dir "$dir" --daemonize yes --pidfile "$dir/redis.pid" --logfile "$dir/redis.log"
  wait_port "$redis_port"

  pg_port=$(free_port)
  mkdir -p "$dir/pg"
  chown postgres:postgres "$dir/pg"
  echo "postgres-test" >"$dir/pg.pw"
  chown postgres "$dir/pg.pw"
  # PostgreSQL refuses to run as root, so the cluster belongs to the postgres user.
  runuser -u postgres -- "$pgbin/initdb" -D "$dir/pg/data" -U postgres --pwfile="$dir/pg.pw" \
    --auth-local=trust --auth-host=scram-sha-256 >"$dir/initdb.log" 2>&1
  runuser -u postgres -- "$pgbin/pg_ctl" -D "$dir/pg/data" -l "$dir/pg/server.log" -w \
    -o "-p $pg_port -k $dir/pg -c listen_addresses=127.0.0.1 -c fsync=off" start >/dev/null
  runuser -u postgres -- "$pgbin/psql" -h "$dir/pg" -p "$pg_port" -U postgres -q -c \
    "CREATE ROLE streamit LOGIN PASSWORD 'streamit-test' CREATEDB;" -c \
    "CREATE DATABASE streamit_test OWNER streamit;" >/dev/null
  cat >"$dir/env" <<ENV
export STREAMIT_TEST_REQUIRE_SERVERS=1
export STREAMIT_TEST_REDIS_HOST=127.0.0.1
export STREAMIT_TEST_REDIS_PORT=$redis_port
export STREAMIT_TEST_PG_HOST=127.0.0.1
export STREAMIT_TEST_PG_PORT=$pg_port
export STREAMIT_TEST_PG_USER=streamit
export STREAMIT_TEST_PG_PASSWORD=streamit-test
export STREAMIT_TEST_PG_DATABASE=streamit_test
export STREAMIT_TEST_PG_BINDIR=$pgbin
ENV
}

stop() {
  if [[ -f "$dir/redis.pid" ]]; then kill "$(cat "$dir/redis.pid")" 2>/dev/null || true; fi
  if [[ -f "$dir/pg/data/postmaster.pid" ]]; then
    kill -INT "$(head -1 "$dir/pg/data/postmaster.pid")" 2>/dev/null || true
  fi
  for _ in $(seq 1 100); do
    [[ -f "$dir/redis.pid" ]] && kill -0 "$(cat "$dir/redis.pid")" 2>/dev/null && { sleep 0.1; continue; }
    [[ -f "$dir/pg/data/postmaster.pid" ]] && { sleep 0.1; continue; }
    break
  done
}

"$cmd"
