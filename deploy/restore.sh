#!/usr/bin/env bash
# Restore a backup made by deploy/backup.sh into a given PostgreSQL database.
#
#   deploy/restore.sh [--force] BACKUP_FILE DATABASE_URL
#
# The database must exist (createdb -O ntm ntm_restore). It must be empty: a database that already
# holds tables is refused, unless --force, which replaces the objects the backup contains (the app's
# tables) with the backup's. The restore is one transaction: it succeeds whole or changes nothing.
# Objects are owned by the user of DATABASE_URL (--no-owner), whoever owned them in the backup.
# After restoring, run `uv run manage.py migrate` if the code is newer than the backup.
set -euo pipefail

say() { echo "restore: $*" >&2; }
usage() { say "usage: deploy/restore.sh [--force] BACKUP_FILE DATABASE_URL"; exit 2; }

force=false
args=()
for arg in "$@"; do
  case "$arg" in
    --force) force=true ;;
    -h|--help) usage ;;
    -*) say "unknown option $arg"; usage ;;
    *) args+=("$arg") ;;
  esac
done
[ "${#args[@]}" -eq 2 ] || usage
file=${args[0]}
url=${args[1]}
case "$url" in
  postgres://*|postgresql://*) ;;
  *) say "not a PostgreSQL URL (postgres://user:password@host:port/name)"; exit 2 ;;
esac
if [ ! -r "$file" ]; then
  say "cannot read the backup file $file"
  exit 2
fi
if ! pg_restore --list "$file" >/dev/null 2>&1; then
  say "$file is not a pg_dump custom-format backup (or it is damaged)"
  exit 2
fi

if ! tables=$(psql --no-password --no-psqlrc --quiet --tuples-only --no-align --dbname="$url" --command="
    SELECT count(*) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
    WHERE c.relkind IN ('r', 'p') AND n.nspname NOT IN ('pg_catalog', 'information_schema')
      AND n.nspname NOT LIKE 'pg_toast%'"); then
  say "cannot connect to the target database (does it exist? createdb it first)"
  exit 1
fi
options=()
if [ "$tables" -gt 0 ]; then
  if ! $force; then
    say "the target database is not empty ($tables tables): refusing to overwrite it; restore into a new database, or pass --force to replace its contents"
    exit 1
  fi
  options+=(--clean --if-exists)
  say "the target database has $tables tables: replacing them (--force)"
fi

pg_restore --no-password --no-owner --no-privileges --single-transaction --exit-on-error \
  "${options[@]}" --dbname="$url" "$file"
say "restored $file"
