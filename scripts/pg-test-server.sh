#!/usr/bin/env bash
# A throwaway PostgreSQL server for the test suite, listening on loopback only.
#
#   scripts/pg-test-server.sh start   create (once) and start the cluster; print its URL
#   scripts/pg-test-server.sh url     print the URL
#   scripts/pg-test-server.sh stop    stop the cluster (its data is kept for the next run)
#   scripts/pg-test-server.sh drop    stop and delete the cluster
#
# Uses Debian's postgresql-common tools (apt-get install postgresql). The test role is a
# superuser of this private cluster so the tests can create one database per test.
set -euo pipefail

CLUSTER="${LIAISON_PG_CLUSTER:-liaison_test}"
PORT="${LIAISON_PG_PORT:-54329}"
ROLE=liaison_test
PASSWORD=liaison_test
DATABASE=liaison_test
URL="postgresql+psycopg://${ROLE}:${PASSWORD}@127.0.0.1:${PORT}/${DATABASE}"

as_postgres() {
    if [ "$(id -un)" = postgres ]; then "$@"
    elif [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"
    else sudo -u postgres "$@"
    fi
}

as_root() {
    if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi
}

version() {
    if ! command -v pg_lsclusters >/dev/null; then
        echo "PostgreSQL is not installed: apt-get install -y postgresql" >&2
        exit 1
    fi
    ls /usr/lib/postgresql | sort -V | tail -n 1
}

cluster_status() {  # prints "online", "down" or nothing when the cluster does not exist
    pg_lsclusters --no-header | awk -v v="$1" -v c="$CLUSTER" '$1 == v && $2 == c {print $4}'
}

start() {
    local v status
    v="$(version)"
    status="$(cluster_status "$v")"
    if [ -z "$status" ]; then
        # Test data is disposable: skip durability work so the suite runs faster.
        as_root pg_createcluster "$v" "$CLUSTER" --port "$PORT" \
            -o fsync=off -o synchronous_commit=off -o full_page_writes=off \
            -o max_connections=200 >/dev/null
        echo "listen_addresses = '127.0.0.1'" \
            | as_root tee "/etc/postgresql/$v/$CLUSTER/conf.d/loopback.conf" >/dev/null
    fi
    if [ "$status" != online ]; then
        as_root pg_ctlcluster "$v" "$CLUSTER" start
    fi
    as_postgres psql --quiet -p "$PORT" -d postgres -v ON_ERROR_STOP=1 >/dev/null <<SQL
SELECT 'CREATE ROLE ${ROLE} LOGIN SUPERUSER PASSWORD ''${PASSWORD}'''
WHERE NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '${ROLE}')\gexec
SELECT 'CREATE DATABASE ${DATABASE} OWNER ${ROLE}'
WHERE NOT EXISTS (SELECT FROM pg_database WHERE datname = '${DATABASE}')\gexec
SQL
    echo "$URL"
}

case "${1:-start}" in
    start) start ;;
    url) echo "$URL" ;;
    stop) as_root pg_ctlcluster "$(version)" "$CLUSTER" stop ;;
    drop) as_root pg_dropcluster --stop "$(version)" "$CLUSTER" ;;
    *) echo "usage: $0 start|url|stop|drop" >&2; exit 2 ;;
esac
