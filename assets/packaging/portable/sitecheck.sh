#!/bin/sh
# SiteCheck 现场检查, portable: start it from where it lies (a USB stick), with no install.
#   sh sitecheck.sh                  the desktop program
#   sh sitecheck.sh --help           the commands
# A FAT-formatted stick is often mounted without execute permission: then the program is
# started through the system's dynamic loader, which needs none.
# User data stays in the user's data folder (~/.local/share/SiteCheck) unless
# SITECHECK_HOME names another, e.g.  SITECHECK_HOME="$PWD/data" sh sitecheck.sh
here=$(cd "$(dirname "$0")" && pwd)
program="$here/sitecheck/sitecheck"
if [ -x "$program" ]; then
  exec "$program" "$@"
fi
for loader in /lib64/ld-linux-x86-64.so.2 /lib/x86_64-linux-gnu/ld-linux-x86-64.so.2; do
  [ -e "$loader" ] && exec "$loader" "$program" "$@"
done
echo "sitecheck: 无法启动 $program（需要 x86-64 Linux）/ cannot start it (x86-64 Linux is needed)" >&2
exit 1
