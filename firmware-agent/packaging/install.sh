#!/usr/bin/env bash
# Installs the Jaga agent on a Raspberry Pi (Raspberry Pi OS bookworm, OpenJDK 17).
#   sudo ./install.sh jaga-agent.jar [site.yaml]
# JAGA_ROOT=/some/folder lays the files out below that folder instead of /, without creating
# users or touching systemd (used by the tests, and to prepare an image).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
jar=${1:?usage: install.sh jaga-agent.jar [site.yaml]}
site=${2:-}
root=${JAGA_ROOT:-/}
[ -f "$jar" ] || { echo "no such jar: $jar" >&2; exit 1; }

install -d -m 0755 "$root/opt/jaga" "$root/etc/jaga" "$root/etc/systemd/system" "$root/etc/default"
install -d -m 0750 "$root/var/lib/jaga"
install -m 0644 "$jar" "$root/opt/jaga/jaga-agent.jar"
install -m 0644 "$here/jaga-agent.service" "$root/etc/systemd/system/jaga-agent.service"
# Settings and the site file are the operator's: never overwritten.
[ -e "$root/etc/default/jaga-agent" ] || install -m 0644 "$here/jaga-agent.default" "$root/etc/default/jaga-agent"
if [ -n "$site" ] && [ ! -e "$root/etc/jaga/site.yaml" ]; then
  install -m 0640 "$site" "$root/etc/jaga/site.yaml"
fi

if [ "$root" = / ]; then
  getent group jaga >/dev/null || groupadd --system jaga
  getent passwd jaga >/dev/null || useradd --system --gid jaga --home-dir /var/lib/jaga --shell /usr/sbin/nologin jaga
  for g in gpio i2c dialout; do getent group "$g" >/dev/null && usermod -a -G "$g" jaga; done
  chown -R root:jaga /etc/jaga && chmod 0750 /etc/jaga
  chown jaga:jaga /var/lib/jaga
  systemctl daemon-reload
  systemctl enable jaga-agent.service
  echo "Installed. Edit /etc/default/jaga-agent and /etc/jaga/site.yaml, then: systemctl start jaga-agent"
else
  echo "Laid out under $root"
fi
