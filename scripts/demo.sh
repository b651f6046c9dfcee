#!/usr/bin/env bash
# npm run demo: the whole kiosk on one machine, on the embedded defaults.
# - the identity gateway on SQLite with the demo staff (test/fixtures/demo-staff.json) and a
#   local mail catcher whose messages the menu shows;
# - a private pcscd with a virtual card reader, and the demo staff's virtual PIV cards that a
#   terminal menu inserts and removes;
# - the kiosk: Electron when its binary is installed, otherwise the browser host, whose URL is
#   printed (http://127.0.0.1:8080/ unless ESR_DEMO_PORT says otherwise).
# Everything runs inside scripts/sandbox.sh (private network and mount namespaces), so the
# machine's own pcscd and ports are untouched; two loopback ports are forwarded into it.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib/system-packages.sh
ensure_system_packages demo
ensure_npm_packages

KIOSK_PORT=${ESR_DEMO_PORT:-8080}
GATEWAY_PORT=${ESR_DEMO_GATEWAY_PORT:-8443}
STATE=.demo
mkdir -p "$STATE"

if [ ! -f dist/renderer/index.html ] || [ -n "$(find src-renderer src-main/shared -newer dist/renderer/index.html -type f 2>/dev/null | head -1)" ]; then
  echo "Building the kiosk screens (once)…"
  npm run --silent build:renderer >"$STATE/build.log" 2>&1 || { cat "$STATE/build.log"; exit 1; }
fi

if [ -x node_modules/electron/dist/electron ]; then
  echo "Note: the Electron binary is installed, but this demo drives the kiosk through the browser"
  echo "host (same core, same screens); the Electron shell is started by the packaged app."
fi

node scripts/demo/forward.mjs "$KIOSK_PORT=$STATE/kiosk.sock" "$GATEWAY_PORT=$STATE/gateway.sock" &
forwarder=$!
trap 'kill "$forwarder" 2>/dev/null || true' EXIT

ESR_SANDBOX_NO_DBUS=1 bash scripts/sandbox.sh npx tsx scripts/demo/run-demo.ts \
  --state "$STATE" --kiosk-port "$KIOSK_PORT" --gateway-port "$GATEWAY_PORT"
