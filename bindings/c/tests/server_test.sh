#!/usr/bin/env bash
# Starts the example server on a free loopback port and checks real responses with curl.
# Usage: server_test.sh SERVER_BINARY PROJECT
set -euo pipefail
server="$1"
project="$2"
work="$(mktemp -d)"
pid=""
cleanup() {
  if [ -n "$pid" ]; then kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; fi
  rm -rf "$work"
}
trap cleanup EXIT

"$server" "$project" 0 >"$work/out" 2>"$work/log" &
pid=$!
for _ in $(seq 1 100); do
  grep -q 'listening on' "$work/out" 2>/dev/null && break
  sleep 0.05
done
port="$(sed -n 's/^listening on 127\.0\.0\.1:\([0-9]*\).*/\1/p' "$work/out")"
if [ -z "$port" ]; then echo "server did not start"; cat "$work/log"; exit 1; fi
base="http://127.0.0.1:$port"

passed=0
failed=0
# req NAME [curl args...] -> fills $status, $work/h (headers), $work/b (body)
req() {
  status="$(curl -s --max-time 5 --path-as-is -o "$work/b" -D "$work/h" -w '%{http_code}' "$@")" || status="curl-failed"
}
expect() { # expect NAME CONDITION-DESCRIPTION COMMAND...
  local name="$1"; shift
  if "$@"; then passed=$((passed + 1)); else failed=$((failed + 1)); echo "FAIL: $name"; echo "  status=$status"; sed 's/^/  /' "$work/h" "$work/b" | head -20; fi
}
header() { grep -i "^$1:" "$work/h" | head -1 | cut -d' ' -f2- | tr -d '\r'; }
body_has() { grep -qF -- "$1" "$work/b"; }

req "$base/api/products/42?ref=home"
expect "route handler echoes pattern and params" \
  bash -c '[ "$0" = 200 ] && grep -qF "\"handler\":\"products.item\",\"route\":\"/api/products/[id]\",\"id\":102,\"params\":{\"id\":\"42\"},\"query\":[[\"ref\",\"home\"]]" "$1"' "$status" "$work/b"
expect "json content type" [ "$(header content-type)" = "application/json" ]

req "$base/blog/new/edit"
expect "backtracking to /blog/[slug]/edit" bash -c '[ "$0" = 200 ] && grep -qF "\"route\":\"/blog/[slug]/edit\"" "$1" && grep -qF "\"slug\":\"new\"" "$1"' "$status" "$work/b"

req "$base/categories/men/shoes/sale%20items"
expect "catch-all params are a list" bash -c '[ "$0" = 200 ] && grep -qF "\"path\":[\"men\",\"shoes\",\"sale items\"]" "$1"' "$status" "$work/b"

req "$base/about/?x=1"
expect "trailing slash: 308 with Location" [ "$status" = 308 ]
expect "Location" [ "$(header location)" = "/about?x=1" ]
expect "Refresh on 308" [ "$(header refresh)" = "0;url=/about?x=1" ]

req "$base/a//b\\c"
expect "path cleaning redirect" bash -c '[ "$0" = 308 ] && [ "$1" = "/a/b/c" ]' "$status" "$(header location)"

req -X POST -H "Authorization: Bearer t" "$base/api/health"
expect "405" [ "$status" = 405 ]
expect "405 Allow" [ "$(header allow)" = "GET, HEAD, OPTIONS" ]

req -X POST "$base/api/health"
expect "middleware respond: 401 without Authorization" [ "$status" = 401 ]
expect "respond headers" [ "$(header www-authenticate)" = "Bearer" ]
expect "respond body" grep -qF '{"error":"unauthorized"}' "$work/b"

req "$base/account/orders/7"
expect "middleware redirect: 307 to login" bash -c '[ "$0" = 307 ] && [ "$1" = "/login?next=/account/orders/7" ]' "$status" "$(header location)"

req "$base/blog/hello"
expect "next.config headers applied" [ "$(header x-content-type-options)" = "nosniff" ]
expect "middleware response header" [ "$(header x-frame-options)" = "DENY" ]

req -X OPTIONS "$base/api/products"
expect "automatic OPTIONS 204" [ "$status" = 204 ]
expect "OPTIONS Allow" [ "$(header allow)" = "GET, HEAD, OPTIONS, POST" ]

req -X OPTIONS "$base/api/orders"
expect "implemented OPTIONS goes to the handler" bash -c '[ "$0" = 200 ] && grep -qF "\"handler\":\"orders\"" "$1"' "$status" "$work/b"

req "$base/no/such/page"
expect "404" bash -c '[ "$0" = 404 ] && grep -qF "Not Found" "$1"' "$status" "$work/b"

# HEAD over a raw socket (curl would print the headers as the body): nothing after the head.
exec 3<>"/dev/tcp/127.0.0.1/$port"
printf 'HEAD /api/health HTTP/1.1\r\nHost: localhost\r\n\r\n' >&3
cat <&3 >"$work/raw"
exec 3<&-
status="$(head -1 "$work/raw" | cut -d' ' -f2)"
cp "$work/raw" "$work/h"; : >"$work/b"
expect "HEAD via GET: 200" [ "$status" = 200 ]
expect "HEAD: no body after the head" bash -c '[ "$(tail -c 4 "$0" | od -An -c | tr -d " ")" = "\r\n\r\n" ]' "$work/raw"
expect "HEAD keeps Content-Length" bash -c '[ "$0" -gt 0 ]' "$(header content-length)"

req "$base/api/products/%zz"
expect "bad percent-encoding: 400" [ "$status" = 400 ]

req -X 'G(T' "$base/api/health"
expect "invalid method token: 400" [ "$status" = 400 ]

long="$(head -c 9000 /dev/zero | tr '\0' a)"
req "$base/$long"
expect "long target: 414" [ "$status" = 414 ]

hdrs=()
for i in $(seq 1 70); do hdrs+=(-H "x-h$i: v"); done
req "${hdrs[@]}" "$base/api/health"
expect "too many headers: 431" [ "$status" = 431 ]

req "$base/products/7"
expect "static page with revalidate: Cache-Control" [ "$(header cache-control)" = "s-maxage=60, stale-while-revalidate" ]

req "$base/cart"
expect "dynamic page: no-store" bash -c 'case "$0" in *no-store*) true;; *) false;; esac' "$(header cache-control)"

# Hot swap: SIGHUP reloads the project while the server keeps answering.
kill -HUP "$pid"
sleep 0.1
req "$base/api/cart/items/9"
expect "after reload (PATCH/DELETE only): 405" bash -c '[ "$0" = 405 ] && [ "$1" = "DELETE, OPTIONS, PATCH" ]' "$status" "$(header allow)"
expect "reload logged" grep -q 'reloaded' "$work/log"

echo "server: $passed passed, $failed failed"
[ "$failed" = 0 ]
