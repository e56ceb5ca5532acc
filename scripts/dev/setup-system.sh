#!/usr/bin/env bash
# Installs the Debian/Ubuntu packages Session Deck needs, only those missing; safe to run again.
# Runs apt-get as root directly, or through sudo for a normal user.
set -euo pipefail

PACKAGES=(
  tigervnc-standalone-server # Xvnc, vncserver
  tigervnc-tools             # vncpasswd (tests compare our password files with it)
  x11vnc xvfb                # the x11vnc script: a fresh Xvfb plus x11vnc
  tightvncserver             # the vncserver script's TightVNC flavour
  xfonts-base                # Xtightvnc cannot start without the X 'fixed' font
  websockify                 # the reference the bridge benchmark measures against
  chromium                   # end-to-end tests; the headless host's browser
  xterm x11-utils x11-apps xdotool xauth
  procps iproute2
)

missing=()
for package in "${PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || missing+=("$package")
done
if [ ${#missing[@]} -eq 0 ]; then
  echo "setup-system: all ${#PACKAGES[@]} system packages are installed"
  exit 0
fi

SUDO=()
[ "$(id -u)" -eq 0 ] || SUDO=(sudo)
echo "setup-system: installing ${missing[*]}"
"${SUDO[@]}" apt-get update -qq
DEBIAN_FRONTEND=noninteractive "${SUDO[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}"
