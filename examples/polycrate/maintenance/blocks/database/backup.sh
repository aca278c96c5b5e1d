#!/bin/sh
# backup.sh DATABASE: a (stand-in) dump of the database into the run's artifacts.
set -eu
dump=/workspace/artifacts/blocks/database/$1-$(date -u +%Y%m%dT%H%M%SZ).sql
echo "-- dump of $1" > "$dump"
echo "database $1 backed up to $dump"
