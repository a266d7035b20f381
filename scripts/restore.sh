#!/usr/bin/env bash
# Restore a backup of scripts/backup.sh into an EMPTY database and an empty media
# directory. docs/operations.md.
#   createdb tracekei_restored
#   DATABASE_URL=postgres://user:pass@host:5432/tracekei_restored MEDIA_ROOT=/srv/restored/media \
#     bash scripts/restore.sh /var/backups/tracekei/tracekei-<stamp>.dump \
#                             /var/backups/tracekei/tracekei-media-<stamp>.tar.gz
# Refuses a database that has tables, or a media directory that has files: it never
# mixes a backup into live data.
set -euo pipefail

: "${DATABASE_URL:?set DATABASE_URL to the EMPTY database to restore into}"
dump="${1:?usage: restore.sh DUMP [MEDIA_ARCHIVE]}"
archive="${2:-}"
root="$(cd "$(dirname "$0")/.." && pwd)"
media="${MEDIA_ROOT:-$root/var/media}"

# The sums written by backup.sh, when they are beside the dump.
sums="${dump%.dump}.sha256"
if [ -f "$sums" ]; then
  (cd "$(dirname "$sums")" && sha256sum --check --quiet --ignore-missing "$(basename "$sums")") \
    || { echo "restore.sh: the backup's checksums do not match" >&2; exit 1; }
fi

tables="$(psql --dbname="$DATABASE_URL" --no-psqlrc --tuples-only --no-align --command \
  "SELECT count(*) FROM information_schema.tables WHERE table_schema = 'public'")"
if [ "$tables" != "0" ]; then
  echo "restore.sh: the database is not empty ($tables tables); restore into a new one" >&2
  exit 1
fi
if [ -n "$archive" ] && [ -d "$media" ] && [ -n "$(ls -A "$media")" ]; then
  echo "restore.sh: $media is not empty; restore into a new directory" >&2
  exit 1
fi

# All or nothing: one transaction, stopped at the first error.
pg_restore --no-owner --no-privileges --exit-on-error --single-transaction \
  --dbname="$DATABASE_URL" "$dump"
if [ -n "$archive" ]; then
  mkdir -p "$media"
  tar -xzf "$archive" -C "$media"
fi
echo "restored $dump${archive:+ and $archive}"
