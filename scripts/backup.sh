#!/usr/bin/env bash
# Back up the portal: the database (pg_dump, custom format) and the uploaded files (a tar
# of MEDIA_ROOT), under one UTC timestamp, with their SHA-256 sums. docs/operations.md.
#   DATABASE_URL=postgres://user:pass@host:5432/tracekei MEDIA_ROOT=/srv/tracekei/media \
#     bash scripts/backup.sh /var/backups/tracekei
# Prints the paths of the files it wrote. Readable by the backup's owner only.
set -euo pipefail

: "${DATABASE_URL:?set DATABASE_URL, e.g. postgres://user:password@host:5432/tracekei}"
case "$DATABASE_URL" in
  postgres://* | postgresql://*) ;;
  *) echo "backup.sh: DATABASE_URL is not a PostgreSQL address" >&2; exit 2 ;;
esac
root="$(cd "$(dirname "$0")/.." && pwd)"
dest="${1:-$root/var/backups}"
media="${MEDIA_ROOT:-$root/var/media}"
stamp="$(date -u +%Y%m%dT%H%M%SZ)"
dump="tracekei-$stamp.dump"
archive="tracekei-media-$stamp.tar.gz"

umask 077
mkdir -p "$dest"
if [ -e "$dest/$dump" ] || [ -e "$dest/$archive" ]; then
  echo "backup.sh: $dest already holds a backup of $stamp" >&2
  exit 1
fi

# Written under a temporary name and renamed once complete: a half-written file never
# looks like a backup.
pg_dump --format=custom --no-owner --no-privileges --file="$dest/$dump.partial" \
  --dbname="$DATABASE_URL"
mv "$dest/$dump.partial" "$dest/$dump"

if [ -d "$media" ]; then
  tar -czf "$dest/$archive.partial" -C "$media" .
else
  echo "backup.sh: no media directory at $media; the archive is empty" >&2
  tar -czf "$dest/$archive.partial" --files-from /dev/null
fi
mv "$dest/$archive.partial" "$dest/$archive"

(cd "$dest" && sha256sum "$dump" "$archive" >"tracekei-$stamp.sha256")
echo "$dest/$dump"
echo "$dest/$archive"
