# Debian packages each job needs, installed when run as root, else the exact command printed.
# Sourced by scripts/test.sh and scripts/demo.sh.

# build: native modules; test: daemons and browsers the real-part tests drive.
PKGS_BUILD=(build-essential python3 pkg-config libpcsclite-dev libsecret-1-dev)
PKGS_RUNTIME=(pcscd vsmartcard-vpcd iproute2 util-linux)
PKGS_TEST=(chromium dbus gnome-keyring opensc fonts-dejavu-core unzip openssl procps gdb)

missing_packages() {
  local p; for p in "$@"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || echo "$p"
  done
}

ensure_system_packages() {
  local job=$1 wanted=("${PKGS_BUILD[@]}" "${PKGS_RUNTIME[@]}")
  [ "$job" = test ] && wanted+=("${PKGS_TEST[@]}")
  local missing; missing=$(missing_packages "${wanted[@]}" | tr '\n' ' ')
  [ -z "${missing// }" ] && return 0
  if [ "$(id -u)" = 0 ]; then
    echo "Installing Debian packages: $missing"
    apt-get update -qq
    # shellcheck disable=SC2086
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $missing
  else
    echo "These Debian packages are needed. Run this once, then run the command again:"
    echo "  sudo apt-get update && sudo apt-get install -y $missing"
    exit 1
  fi
}

ensure_npm_packages() {
  # Reinstall when the lock file changed since the last install.
  if [ ! -f node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
    echo "Installing npm packages (native modules build from source; a few minutes the first time)"
    ELECTRON_SKIP_BINARY_DOWNLOAD=1 npm ci --no-audit --no-fund
  fi
}
