#!/usr/bin/env bash
# `make dev`'s servers: MailDev (scripts/install-tools.sh mail) on loopback,
# then twofold-local in the foreground, mailing its security notices there;
# the inbox's address is printed beside the app's, and MailDev stops when
# twofold-local does (Ctrl-C).
#
# Usage: scripts/dev.sh <twofold-local> [its arguments...]
#   MAILDEV_SMTP_PORT, MAILDEV_WEB_PORT  where MailDev listens (default 1025
#       and 1080; when one is taken, the next free port above it)
#   TWOFOLD_SMTP_URL  when set, notices go there and MailDev is not started
set -euo pipefail
cd "$(dirname "$0")/.."
# shellcheck source=tool-versions
. scripts/tool-versions

local_bin=$1
shift
if [ -n "${TWOFOLD_SMTP_URL:-}" ]; then
    exec "$local_bin" "$@"
fi

maildev="${TWOFOLD_CACHE:-$HOME/.cache/twofold}/maildev-$MAILDEV_VERSION/node_modules/.bin/maildev"
[ -x "$maildev" ] || { echo "MailDev is missing: run scripts/install-tools.sh mail" >&2; exit 1; }

listening() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
# The first port from $1 on that nothing listens on.
free_port() {
    local port=$1
    while listening "$port"; do
        port=$((port + 1))
        [ "$port" -lt "$(($1 + 20))" ] || { echo "no free port from $1 to $port on 127.0.0.1" >&2; exit 1; }
    done
    echo "$port"
}
smtp=$(free_port "${MAILDEV_SMTP_PORT:-1025}")
web=$(free_port "${MAILDEV_WEB_PORT:-1080}")

"$maildev" --ip 127.0.0.1 --smtp "$smtp" --web-ip 127.0.0.1 --web "$web" --silent &
maildev_pid=$!
trap 'kill "$maildev_pid" 2>/dev/null || true; wait "$maildev_pid" 2>/dev/null || true' EXIT
for _ in $(seq 100); do
    listening "$smtp" && listening "$web" && break
    kill -0 "$maildev_pid" 2>/dev/null || { echo "MailDev stopped on start (ports $smtp, $web)" >&2; exit 1; }
    sleep 0.1
done
listening "$smtp" || { echo "MailDev does not answer on 127.0.0.1:$smtp after 10 s" >&2; exit 1; }

export TWOFOLD_SMTP_URL="smtp://127.0.0.1:$smtp"
"$local_bin" "$@" | while IFS= read -r line; do
    printf '%s\n' "$line"
    case "$line" in
        "  the app:"*) printf '  the mail: http://127.0.0.1:%s/ (MailDev'\''s inbox: every notice this server mails)\n' "$web" ;;
    esac
done
