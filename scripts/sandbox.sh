#!/usr/bin/env bash
# Run a command in a private sandbox for the integration and end-to-end tests:
#   bash scripts/sandbox.sh <command...>
#
# - private network namespace: only loopback, brought up with TCP quick-ACK on 127.0.0.1, because
#   vpcd sends each APDU in two writes and delayed ACK would add 40-140 ms per APDU (DESIGN.md 3);
# - private mount namespace: a tmpfs on /run/pcscd (pcscd always listens on
#   /run/pcscd/pcscd.comm, whatever PCSCLITE_CSOCK_NAME says) and on /etc/reader.conf.d, so the
#   machine's own pcscd and readers are neither seen nor disturbed;
# - a D-Bus session bus (dbus-run-session) for the keytar / gnome-keyring tests.
#
# It does NOT start pcscd: each suite's harness does (test/support/card/pcsc-harness.ts).
# Inside, ESR_SANDBOX=1 and PCSCLITE_CSOCK_NAME point at the private socket.
# Root uses `unshare -n -m`; anyone else gets a user namespace too (`unshare -r -n -m`).
set -euo pipefail

if [ "${1:-}" = "--inside" ]; then
  shift
  ip link set lo up
  # Quick ACK on loopback (see above); harmless if the kernel refuses, so only warn.
  ip route change local 127.0.0.1 dev lo table local proto kernel scope host src 127.0.0.1 quickack 1 \
    || echo "sandbox: could not set quickack on lo; APDUs will be slow" >&2
  mkdir -p /run/pcscd /etc/reader.conf.d
  mount -t tmpfs -o mode=0755,size=8m esr-pcscd /run/pcscd
  mount -t tmpfs -o mode=0755,size=1m esr-readerconf /etc/reader.conf.d
  export ESR_SANDBOX=1
  export PCSCLITE_CSOCK_NAME=/run/pcscd/pcscd.comm
  if [ "$#" -eq 0 ]; then set -- bash; fi
  if command -v dbus-run-session >/dev/null && [ -z "${ESR_SANDBOX_NO_DBUS:-}" ]; then
    exec dbus-run-session -- "$@"
  fi
  exec "$@"
fi

if [ "${ESR_SANDBOX:-}" = 1 ]; then
  # Already inside a sandbox (e.g. a test script calling another): just run the command.
  exec "$@"
fi

self="$(cd "$(dirname "$0")" && pwd)/$(basename "$0")"
if [ "$(id -u)" = 0 ]; then
  exec unshare --net --mount --propagation private -- bash "$self" --inside "$@"
else
  exec unshare --map-root-user --net --mount --propagation private -- bash "$self" --inside "$@"
fi
