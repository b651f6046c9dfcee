# shellcheck shell=bash
# run_with_deadline <seconds> <command...>
# Runs a test stage with a deadline. A stage still running then gets its process tree and native
# stacks printed (dump-stacks.sh) and is stopped, so a hang fails in minutes with the evidence in
# the log instead of running into CI's own time limit with none.
run_with_deadline() {
  local seconds="$1"; shift
  local here; here="$(dirname "${BASH_SOURCE[0]}")"
  "$@" &
  local pid=$!
  (
    sleep "$seconds" </dev/null >/dev/null 2>&1 &
    nap=$!
    trap 'kill "$nap" 2>/dev/null; exit 0' TERM
    wait "$nap"
    if kill -0 "$pid" 2>/dev/null; then
      echo; echo "=== DEADLINE: still running after ${seconds} s: $*"
      bash "$here/dump-stacks.sh" "$pid" --kill
    fi
  ) &
  local watchdog=$!
  local rc=0
  wait "$pid" || rc=$?
  kill -TERM "$watchdog" 2>/dev/null || true
  wait "$watchdog" 2>/dev/null || true
  return "$rc"
}
