#!/usr/bin/env bash
# Build the image, start it with a fresh volume, create an account, check /healthz, sign in,
# fetch the timeline, then stop and remove everything it created. Needs Docker and curl.
#
#   scripts/docker-smoke.sh            # uses port 18000 on 127.0.0.1
#   PORT=18080 scripts/docker-smoke.sh
set -euo pipefail
cd "$(dirname "$0")/.."

PORT="${PORT:-18000}"
IMAGE="liaison:smoke"
NAME="liaison-smoke-$$"
VOLUME="liaison-smoke-data-$$"
BASE="http://127.0.0.1:${PORT}"
USER_NAME=smoke
PASSWORD="smoke-$(date +%s)-password"
JAR="$(mktemp)"

cleanup() {
    docker rm -f "$NAME" >/dev/null 2>&1 || true
    docker volume rm "$VOLUME" >/dev/null 2>&1 || true
    rm -f "$JAR"
}
trap cleanup EXIT

step() { printf '\n== %s\n' "$*"; }
fail() { echo "FAILED: $*" >&2; docker logs --tail 50 "$NAME" >&2 || true; exit 1; }

step "build $IMAGE"
docker build --tag "$IMAGE" .

step "the image runs as a non-root user"
[ "$(docker run --rm "$IMAGE" id -u)" != 0 ] || fail "the container runs as root"

step "without an account the server refuses to listen on 0.0.0.0"
if docker run --rm -v "$VOLUME:/data" "$IMAGE" >/dev/null 2>&1; then
    fail "liaison serve started in local mode on a public interface"
fi

step "create the first account"
printf '%s\n' "$PASSWORD" \
    | docker run --rm -i -v "$VOLUME:/data" "$IMAGE" \
        liaison user add "$USER_NAME" --role admin --password-stdin

step "start the server on $BASE"
docker run -d --name "$NAME" -v "$VOLUME:/data" -p "127.0.0.1:${PORT}:8000" "$IMAGE" >/dev/null

step "wait for /healthz (migrations and seed ingestion run first)"
for _ in $(seq 1 180); do
    if curl -fsS "$BASE/healthz" >/dev/null 2>&1; then break; fi
    [ "$(docker inspect -f '{{.State.Running}}' "$NAME")" = true ] || fail "the container stopped"
    sleep 2
done
curl -fsS "$BASE/healthz" || fail "/healthz never answered"
echo

step "the Docker health check agrees"
for _ in $(seq 1 60); do
    status="$(docker inspect -f '{{.State.Health.Status}}' "$NAME")"
    [ "$status" = healthy ] && break
    sleep 2
done
[ "$status" = healthy ] || fail "health status is $status"

step "security headers and the login redirect"
headers="$(curl -sS -D - -o /dev/null "$BASE/")"
grep -qi '^content-security-policy:' <<<"$headers" || fail "no Content-Security-Policy header"
grep -qi '^location: /login' <<<"$headers" || fail "an anonymous visitor was not sent to /login"

step "sign in and read the timeline"
token="$(curl -fsS -c "$JAR" "$BASE/login" | sed -n 's/.*name="csrf-token" content="\([^"]*\)".*/\1/p')"
[ -n "$token" ] || fail "no CSRF token on the login page"
curl -fsS -b "$JAR" -c "$JAR" -o /dev/null \
    --data-urlencode "name=$USER_NAME" --data-urlencode "password=$PASSWORD" \
    --data-urlencode "csrf_token=$token" --data-urlencode "next=/" "$BASE/login"
page="$(curl -fsS -b "$JAR" "$BASE/")"
grep -q 'id="timeline-chart"' <<<"$page" || fail "the timeline page did not render"
grep -q "$USER_NAME" <<<"$page" || fail "the page does not show the signed-in account"

step "stop"
docker stop "$NAME" >/dev/null
echo "docker smoke test passed"
