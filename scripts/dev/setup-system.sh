#!/usr/bin/env bash
# Installs the Debian/Ubuntu packages Session Deck needs, only those missing; safe to run again.
# Checks Node.js first, so that nothing is installed for tooling that could not run anyway.
# Runs apt-get as root directly, or through sudo for a normal user, after saying what and why.
#
# For its own tests: SETUP_OS_RELEASE reads another os-release file, SETUP_SNAPD_SOCKET looks for
# snapd elsewhere, SETUP_DRY_RUN=1 prints the apt-get commands instead of running them.
set -euo pipefail
cd "$(dirname "$0")/../.."

os_release=${SETUP_OS_RELEASE:-/etc/os-release}
snapd_socket=${SETUP_SNAPD_SOCKET:-/run/snapd.socket}
dry_run=${SETUP_DRY_RUN:-}

say() { echo "setup-system: $*"; }
fail() { echo "setup-system: $*" >&2; exit 1; }

# --- Node.js: Vite, Vitest and esbuild's config loading need >= 20.19 and fail later, unclearly.
node_hint="Use Node.js 22 LTS (or 20.19 and later). The nodejs package of Debian 12 and Ubuntu 24.04 is 18
  and Ubuntu 22.04's is 12, so take it from NodeSource's apt repository for Node.js 22.x (its nodejs
  package replaces the distribution's; it brings npm), or per user with nvm: nvm install 22.
  Then run this again. Nothing has been installed."
node_version=$(node --version 2>/dev/null) || fail "Node.js is not installed (or not on PATH).
  $node_hint"
if [[ ! $node_version =~ ^v([0-9]+)\.([0-9]+)\. ]]; then
  fail "cannot read the Node.js version from 'node --version': $node_version"
fi
node_major=${BASH_REMATCH[1]} node_minor=${BASH_REMATCH[2]}
if (( node_major < 20 || (node_major == 20 && node_minor < 19) )); then
  fail "Node.js $node_version is too old: Session Deck's tooling needs Node.js >= 20.19.
  $node_hint"
fi

# --- Which distribution: package names differ (Ubuntu has no Chromium .deb).
[ -r "$os_release" ] || fail "cannot read $os_release to tell which distribution this is"
read -r distro_id distro_version distro_like < <(
  # shellcheck disable=SC1090
  . "$os_release"
  echo "${ID:-unknown} ${VERSION_ID:-?} ${ID_LIKE:-}"
)
case " $distro_id $distro_like " in
  *" ubuntu "*) family=ubuntu ;;
  *" debian "*) family=debian ;;
  *) fail "$distro_id $distro_version is not Debian or Ubuntu; install the equivalents of these yourself:
  TigerVNC (Xvnc, vncpasswd), x11vnc, Xvfb, TightVNC, websockify, Chromium, xterm, xdotool, xauth,
  OpenSSH server and client, Slurm and munge, python3, openbox" ;;
esac

# name, then why it is needed (shown before anything is installed)
PACKAGES=(
  tigervnc-standalone-server "Xvnc and vncserver, for the xvnc and vncserver session scripts"
  tigervnc-tools             "vncpasswd (tests compare Session Deck's password files with it)"
  x11vnc                     "the x11vnc session script"
  xvfb                       "the fresh X server of the x11vnc session script"
  tightvncserver             "the vncserver script's TightVNC flavour"
  xfonts-base                "the X 'fixed' font, without which Xtightvnc cannot start"
  websockify                 "the reference the bridge benchmark measures against"
  socat                      "the native relay the bridge benchmark measures against"
  gcc                        "compiles the desktop benchmark's small X client"
  libx11-dev                 "Xlib headers for the desktop benchmark's X client"
  xterm                      "the program in the example sessions"
  openbox                    "a window manager for the example desktop"
  x11-utils                  "xev, xdpyinfo: tests watch what reaches a session's display"
  x11-apps                   "xclock, run by the example script module"
  xdotool                    "tests type and click into sessions"
  xauth                      "private X authority files for every session"
  procps                     "pgrep: tests check that no session process is left"
  iproute2                   "ss, for looking at listening ports"
  openssh-server             "sshd, for the tests of sessions on other hosts over SSH"
  openssh-client             "ssh, for sessions on other hosts"
  slurm-wlm                  "Slurm, for the tests of sessions started as cluster jobs"
  munge                      "Slurm's authentication"
  python3                    "helper scripts of the tests"
)

# The browser for tests, the benchmark and the host's window; see scripts/dev/find-browser.mjs.
browser=$(node scripts/dev/print-browser.mjs) || {
  status=$?
  [ $status -eq 1 ] || exit 1 # a bad CHROMIUM_PATH: print-browser said why
  browser=
}
if [ -z "$browser" ]; then
  if [ $family = debian ]; then
    PACKAGES+=(chromium "the browser of the end-to-end tests and of the headless host's window")
  elif [ -S "$snapd_socket" ]; then
    say "Ubuntu packages Chromium only as a snap: chromium-browser installs it through snapd"
    PACKAGES+=(chromium-browser "the browser of the end-to-end tests and of the headless host's window (a snap)")
  else
    say "no browser here, and Ubuntu has Chromium only as a snap, which needs snapd (not running here).
  Install Google Chrome's .deb (it provides google-chrome) or start snapd, or set CHROMIUM_PATH to a
  Chromium or Chrome executable; until then the browser tests fail and the host only prints its link."
  fi
fi

names=() reasons=()
for ((i = 0; i < ${#PACKAGES[@]}; i += 2)); do
  names+=("${PACKAGES[i]}") reasons+=("${PACKAGES[i + 1]}")
done

installed=$(dpkg-query -W -f='${Package} ${Status}\n' "${names[@]}" 2>/dev/null | awk '/ install ok installed$/ { print $1 }' || true)
missing=() why=()
for i in "${!names[@]}"; do
  grep -qxF -- "${names[i]}" <<<"$installed" || { missing+=("${names[i]}"); why+=("${reasons[i]}"); }
done

if [ ${#missing[@]} -eq 0 ]; then
  say "all ${#names[@]} system packages are installed ($distro_id $distro_version)"
  [ -z "$browser" ] || say "browser: $browser"
  exit 0
fi

SUDO=()
if [ "$(id -u)" -ne 0 ]; then
  command -v sudo >/dev/null || fail "installing needs root, and there is no sudo: as root, run
  apt-get install --no-install-recommends ${missing[*]}"
  SUDO=(sudo)
fi
if [ ${#SUDO[@]} -eq 0 ]; then
  say "installing ${#missing[@]} missing packages for $distro_id $distro_version:"
else
  say "${#missing[@]} packages are missing; apt-get needs root, so sudo may ask for your password to install:"
fi
for i in "${!missing[@]}"; do printf '  %-28s %s\n' "${missing[i]}" "${why[i]}"; done

run() {
  if [ -n "$dry_run" ]; then echo "+ $*"; else "$@"; fi
}
# sudo resets the environment, so DEBIAN_FRONTEND goes through env, after sudo.
run "${SUDO[@]}" apt-get update -qq
if [ -z "$dry_run" ]; then
  unavailable=()
  for package in "${missing[@]}"; do
    apt-cache show --no-all-versions "$package" >/dev/null 2>&1 || unavailable+=("$package")
  done
  [ ${#unavailable[@]} -eq 0 ] || fail "not in your apt sources: ${unavailable[*]}$(
    [ $family = ubuntu ] && echo " (on Ubuntu they are in 'universe': sudo add-apt-repository universe)")"
fi
# Daemons that come with these (sshd, munged, slurmctld, slurmd) are not started by this script.
# Where no init system runs (containers), invoke-rc.d declines to start them at install, and
# Slurm's daemons do not start anywhere before /etc/slurm/slurm.conf exists.
run "${SUDO[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}"
