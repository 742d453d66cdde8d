#!/usr/bin/env bash
# Back up the app's PostgreSQL database: one pg_dump file in custom format, named with the database
# and the UTC time, then remove that database's backups older than the retention.
#
#   DATABASE_URL=postgres://ntm:secret@127.0.0.1:5432/ntm deploy/backup.sh
#   deploy/backup.sh postgres://ntm:secret@127.0.0.1:5432/ntm        (the URL as an argument)
#
#   BACKUP_DIR        where the files go (default /var/backups/ntm; created, mode 700)
#   BACKUP_KEEP_DAYS  days a backup is kept (default 14; the file just written is always kept)
#
# The dump is written under a temporary name, checked (pg_restore --list reads it whole) and only
# then renamed: a file named ntm-….dump is always a complete backup. Exit status non-zero, with one
# line on stderr, when anything fails. Restore with deploy/restore.sh.
set -euo pipefail

say() { echo "backup: $*" >&2; }

url=${1:-${DATABASE_URL:-}}
case "$url" in
  postgres://*|postgresql://*) ;;
  "") say "no database: set DATABASE_URL or give the URL as the argument"; exit 2 ;;
  *) say "not a PostgreSQL URL (postgres://user:password@host:port/name): ${url%%://*}://…"; exit 2 ;;
esac
dir=${BACKUP_DIR:-/var/backups/ntm}
keep=${BACKUP_KEEP_DAYS:-14}
if ! [[ "$keep" =~ ^[0-9]+$ ]] || [ "$keep" -lt 1 ]; then
  say "BACKUP_KEEP_DAYS must be a whole number of days, at least 1, not '$keep'"
  exit 2
fi

name=${url%%\?*}
name=${name##*/}
if ! [[ "$name" =~ ^[A-Za-z0-9_.-]+$ ]]; then
  say "the URL names no database (…/name at its end)"
  exit 2
fi

umask 077  # a backup holds every account's password hash
mkdir -p "$dir"
stamp=$(date -u +%Y%m%dT%H%M%SZ)
file="$dir/ntm-$name-$stamp.dump"
partial=$(mktemp "$dir/.ntm-$name-$stamp.XXXXXX")
trap 'rm -f "$partial"' EXIT

pg_dump --format=custom --compress=6 --no-password --file="$partial" --dbname="$url"
pg_restore --list "$partial" >/dev/null
mv "$partial" "$file"
trap - EXIT
say "wrote $file ($(du -h "$file" | cut -f1))"

# Retention: this database's complete backups older than the limit, never the one just written.
removed=0
while IFS= read -r -d '' old; do
  [ "$old" = "$file" ] && continue
  rm -f -- "$old"
  removed=$((removed + 1))
done < <(find "$dir" -maxdepth 1 -type f -name "ntm-$name-*.dump" -mmin +$((keep * 24 * 60)) -print0)
# Temporary files left by a run that was killed (older than a day).
find "$dir" -maxdepth 1 -type f -name ".ntm-$name-*" -mmin +1440 -delete
say "removed $removed backup(s) older than $keep days"
