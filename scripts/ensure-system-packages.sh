#!/bin/sh
# Install the named Debian packages that are missing (root, apt). Used by `make run` and `make test`.
# Services the packages bring (redis-server) are not started: the launcher and the tests start
# their own on a free port, and in a container there is no init to start them anyway.
set -eu
missing=""
for pkg in "$@"; do
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing="$missing $pkg"
done
[ -z "$missing" ] && exit 0
echo "Cài gói hệ thống còn thiếu:$missing"
if [ "$(id -u)" != "0" ]; then SUDO=sudo; else SUDO=; fi
export DEBIAN_FRONTEND=noninteractive
# policy-rc.d exit 101 = "do not start services" (invoke-rc.d honours it): a package whose service
# cannot start here (no systemd in a container) still installs. Ours only if none was there.
policy=/usr/sbin/policy-rc.d
own_policy=
if [ ! -e "$policy" ]; then
  printf '#!/bin/sh\nexit 101\n' | $SUDO tee "$policy" >/dev/null
  $SUDO chmod 755 "$policy"
  own_policy=1
fi
cleanup() { [ -n "$own_policy" ] && $SUDO rm -f "$policy"; return 0; }
trap cleanup EXIT
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends $missing
