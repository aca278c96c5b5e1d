#!/bin/sh
# backup.sh VOLUME...: a (stand-in) archive per volume into the run's artifacts.
set -eu
for volume in "$@"; do
  echo "$volume" > "/workspace/artifacts/blocks/storage/$volume.txt"
  tar -czf "/workspace/artifacts/blocks/storage/$volume.tar.gz" -C /workspace/artifacts/blocks/storage "$volume.txt"
  echo "volume $volume backed up"
done
