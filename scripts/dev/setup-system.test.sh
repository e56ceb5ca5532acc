#!/usr/bin/env bash
# Tests setup-system.sh without touching the system: a PATH of fakes (node that reports a chosen
# version, dpkg-query that reports nothing or everything installed, apt-get and sudo that only log),
# other distributions through SETUP_OS_RELEASE, and SETUP_DRY_RUN=1. As root, the not-root cases run
# as nobody. Prints one "ok"/"not ok" line per check and exits 1 if any failed.
set -uo pipefail
here=$(cd "$(dirname "$0")" && pwd)
real_node=$(command -v node)
bash_bin=$(command -v bash)

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
chmod 755 "$work"
# A copy that nobody can read too, wherever the checkout is (e.g. under /root).
mkdir -p "$work/repo/scripts/dev"
cp "$here/setup-system.sh" "$here/find-browser.mjs" "$here/print-browser.mjs" "$work/repo/scripts/dev/"
chmod -R a+rX "$work/repo"
script=$work/repo/scripts/dev/setup-system.sh
bin=$work/bin
mkdir -p "$bin"
for tool in dirname awk grep id env; do ln -s "$(command -v $tool)" "$bin/$tool"; done
cat > "$bin/node" <<EOF
#!/bin/sh
if [ "\$1" = --version ]; then echo "\${FAKE_NODE_VERSION:-v22.12.0}"; exit 0; fi
exec "$real_node" "\$@"
EOF
cat > "$bin/dpkg-query" <<'EOF'
#!/bin/sh
echo "dpkg-query $*" >> "$FAKE_LOG"
[ "$FAKE_INSTALLED" = all ] || exit 1
shift 2 # -W -f=...
for package in "$@"; do echo "$package install ok installed"; done
EOF
for tool in apt-get apt-cache sudo; do
  printf '#!/bin/sh\necho "%s $*" >> "$FAKE_LOG"\nexit 1\n' "$tool" > "$bin/$tool"
done
chmod 755 "$bin"/*
no_sudo=$work/no-sudo # the same tools without sudo
mkdir -p "$no_sudo"
for tool in "$bin"/*; do [ "$(basename "$tool")" = sudo ] || cp -P "$tool" "$no_sudo/"; done
browser_bin=$work/browser # a directory with a chromium on it
mkdir -p "$browser_bin"
printf '#!/bin/sh\nexit 0\n' > "$browser_bin/chromium"
chmod 755 "$browser_bin" "$browser_bin/chromium"

os_release() { # os_release NAME ID VERSION_ID [ID_LIKE]
  printf 'ID=%s\nVERSION_ID="%s"\nID_LIKE="%s"\n' "$2" "$3" "${4:-}" > "$work/$1"
  chmod 644 "$work/$1"
  echo "$work/$1"
}
debian12=$(os_release debian12 debian 12)
ubuntu2404=$(os_release ubuntu2404 ubuntu 24.04 debian)
ubuntu2204=$(os_release ubuntu2204 ubuntu 22.04 debian)
mint=$(os_release mint linuxmint 22 "ubuntu debian")
fedora=$(os_release fedora fedora 41)
python3 -c 'import socket, sys; socket.socket(socket.AF_UNIX).bind(sys.argv[1])' "$work/snapd.socket"
chmod 755 "$work/snapd.socket"

failures=0
out=$work/out
# run [--as-user] PATH VAR=VALUE...: runs the script with only these variables; output in $out, status in $status
run() {
  local as_user=()
  if [ "$1" = --as-user ] && [ "$(id -u)" -eq 0 ]; then as_user=(setpriv --reuid=65534 --regid=65534 --clear-groups); fi
  [ "$1" = --as-user ] && shift
  local path=$1; shift
  : > "$work/log"
  chmod 666 "$work/log"
  "${as_user[@]}" env -i PATH="$path" HOME="$work" FAKE_LOG="$work/log" FAKE_INSTALLED=none \
    SETUP_SNAPD_SOCKET="$work/no-snapd" "$@" "$bash_bin" "$script" > "$out" 2>&1
  status=$?
}
check() { # check DESCRIPTION CONDITION...
  local description=$1; shift
  if "$@"; then echo "ok - $description"; else
    echo "not ok - $description"; sed 's/^/    | /' "$out"; failures=$((failures + 1))
  fi
}
has() { grep -qF -- "$1" "$out"; }
lacks() { ! grep -qF -- "$1" "$out"; }
install_line() { grep -E '^\+ .*apt-get install' "$out"; }
installs() { install_line | grep -qw -- "$1"; }
log_empty() { [ ! -s "$work/log" ]; }

# Node first, before anything is looked at or installed
run "$bin" FAKE_NODE_VERSION=v18.19.0 SETUP_OS_RELEASE="$debian12"
check "node 18.19.0 is refused" [ $status -eq 1 ]
check "node 18: says which version is needed and how to get it" \
  bash -c 'grep -qF "Node.js v18.19.0 is too old" "$1" && grep -qF ">= 20.19" "$1" && grep -qF "nvm install 22" "$1" && grep -qF NodeSource "$1"' _ "$out"
check "node 18: nothing looked up or installed" log_empty
run "$bin" FAKE_NODE_VERSION=v20.18.3 SETUP_OS_RELEASE="$debian12" SETUP_DRY_RUN=1
check "node 20.18 is refused" [ $status -eq 1 ]
run "$bin" FAKE_NODE_VERSION=v20.19.0 SETUP_OS_RELEASE="$debian12" SETUP_DRY_RUN=1
check "node 20.19.0 is enough" [ $status -eq 0 ]
run "$work/empty" SETUP_OS_RELEASE="$debian12"
check "no node at all: refused with what to do" bash -c '[ $0 -eq 1 ] && grep -qF "Node.js is not installed" "$1"' $status "$out"

# Debian 12, nothing installed, root (or this user with sudo)
run "$bin" SETUP_OS_RELEASE="$debian12" SETUP_DRY_RUN=1
check "debian: dry run succeeds" [ $status -eq 0 ]
check "debian: installs chromium when no browser is on PATH" installs chromium
for package in tigervnc-standalone-server openssh-server openssh-client slurm-wlm munge python3 openbox websockify; do
  check "debian: installs $package" installs $package
done
check "debian: says why, before the command" bash -c 'grep -n "slurm-wlm .*Slurm" "$1" | head -1 | cut -d: -f1 | { read -r l; [ "$l" -lt "$(grep -n "^+ .*install" "$1" | cut -d: -f1)" ]; }' _ "$out"
check "debian: dry run runs no apt-get" bash -c '! grep -q "^apt-get" "$1"' _ "$work/log"
run "$browser_bin:$bin" SETUP_OS_RELEASE="$debian12" SETUP_DRY_RUN=1
check "debian: a browser on PATH is used, none installed" bash -c '! grep -E "^\+ .*install" "$1" | grep -qw chromium' _ "$out"

# Ubuntu: no Chromium .deb; chromium-browser only where snapd runs
for release in "$ubuntu2404" "$ubuntu2204" "$mint"; do
  name=$(basename "$release")
  run "$bin" SETUP_OS_RELEASE="$release" SETUP_DRY_RUN=1
  check "$name: dry run succeeds" [ $status -eq 0 ]
  check "$name: never the Debian-only package chromium" bash -c '! grep -E "^\+ .*install" "$1" | grep -qE " chromium( |$)"' _ "$out"
  check "$name: installs tigervnc-standalone-server and slurm-wlm" bash -c 'grep -E "^\+ .*install" "$1" | grep -q tigervnc-standalone-server && grep -E "^\+ .*install" "$1" | grep -q slurm-wlm' _ "$out"
done
run "$bin" SETUP_OS_RELEASE="$ubuntu2404" SETUP_DRY_RUN=1
check "ubuntu without snapd: no chromium-browser, and says what to do" \
  bash -c '! grep -E "^\+ .*install" "$1" | grep -q chromium-browser && grep -qF "CHROMIUM_PATH" "$1"' _ "$out"
run "$bin" SETUP_OS_RELEASE="$ubuntu2404" SETUP_DRY_RUN=1 SETUP_SNAPD_SOCKET="$work/snapd.socket"
check "ubuntu with snapd: installs chromium-browser (the snap)" installs chromium-browser

# not root: sudo, with DEBIAN_FRONTEND passed through it
if [ "$(id -u)" -eq 0 ] && ! setpriv --reuid=65534 --regid=65534 --clear-groups "$real_node" --version >/dev/null 2>&1; then
  echo "ok - not root: SKIPPED, nobody cannot run $real_node" # e.g. root's own nvm
else
  run --as-user "$bin" SETUP_OS_RELEASE="$ubuntu2404" SETUP_DRY_RUN=1
  check "not root: dry run succeeds" [ $status -eq 0 ]
  check "not root: DEBIAN_FRONTEND goes through sudo" bash -c 'grep -qE "^\+ sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y" "$1"' _ "$out"
  check "not root: apt-get update through sudo" has "+ sudo apt-get update"
  check "not root: says once, before, that sudo may ask for a password" bash -c '[ "$(grep -c "sudo may ask for your password" "$1")" -eq 1 ]' _ "$out"
  run --as-user "$no_sudo" SETUP_OS_RELEASE="$debian12" SETUP_DRY_RUN=1
  check "not root and no sudo: refused, with the command to run as root" \
    bash -c '[ $0 -eq 1 ] && grep -qF "there is no sudo" "$1" && grep -qF "apt-get install --no-install-recommends" "$1"' $status "$out"
fi

# everything installed: nothing to do
run "$bin" SETUP_OS_RELEASE="$debian12" FAKE_INSTALLED=all
check "all installed: succeeds without apt-get" bash -c '[ $0 -eq 0 ] && grep -qF "system packages are installed" "$1" && ! grep -q "^apt-get\|^sudo" "$2"' $status "$out" "$work/log"

# other systems and bad settings
run "$bin" SETUP_OS_RELEASE="$fedora" SETUP_DRY_RUN=1
check "fedora: refused, listing what to install" bash -c '[ $0 -eq 1 ] && grep -qF "is not Debian or Ubuntu" "$1" && grep -qF TigerVNC "$1"' $status "$out"
run "$bin" SETUP_OS_RELEASE="$work/missing" SETUP_DRY_RUN=1
check "no os-release: refused" bash -c '[ $0 -eq 1 ] && grep -qF "cannot read" "$1"' $status "$out"
run "$bin" SETUP_OS_RELEASE="$debian12" SETUP_DRY_RUN=1 CHROMIUM_PATH=/nonexistent/chromium
check "a bad CHROMIUM_PATH: refused with why" bash -c '[ $0 -eq 1 ] && grep -qF "CHROMIUM_PATH=/nonexistent/chromium is not an executable" "$1"' $status "$out"

echo "setup-system tests: $failures failed"
[ $failures -eq 0 ]
