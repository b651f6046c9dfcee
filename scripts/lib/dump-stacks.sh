#!/usr/bin/env bash
# Print what a stuck process tree is doing: the tree, and each Node/Chromium process's native
# thread stacks (gdb, when installed). Used by scripts/test.sh when a stage passes its deadline,
# so the CI log shows where it hung instead of ending silently on the last finished file.
#   bash scripts/lib/dump-stacks.sh <root pid> [--kill]
# With --kill it then stops the whole tree (TERM, then KILL after 5 s).
root="$1"
descendants() {
  local p
  for p in $(pgrep -P "$1" 2>/dev/null); do echo "$p"; descendants "$p"; done
}
pids="$root $(descendants "$root")"
echo "--- process tree"
# shellcheck disable=SC2086
ps -o pid,ppid,etime,stat,wchan:24,args -p "$(echo $pids | tr ' ' ',')" 2>/dev/null | cut -c1-220
for p in $pids; do
  comm="$(cat "/proc/$p/comm" 2>/dev/null)" || continue
  case "$comm" in node|MainThread|chromium|pcscd|tsx) ;; *) continue ;; esac
  echo "--- pid $p ($comm): $(tr '\0' ' ' <"/proc/$p/cmdline" 2>/dev/null | cut -c1-200)"
  if command -v gdb >/dev/null; then
    timeout 60 gdb -p "$p" -batch -ex 'thread apply all bt 15' 2>/dev/null \
      | grep -E '^(Thread|#[0-9]+ )' | grep -vE 'futex|PlatformWorkerThread|pthread_cond|sem_wait|start_thread|clone3' | cut -c1-200 | head -80
  fi
done
if [ "${2:-}" = --kill ]; then
  # shellcheck disable=SC2086
  kill -TERM $pids 2>/dev/null
  sleep 5
  # shellcheck disable=SC2086
  kill -KILL $pids $(for p in $pids; do descendants "$p"; done) 2>/dev/null
fi
exit 0
