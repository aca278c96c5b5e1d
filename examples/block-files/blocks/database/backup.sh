#!/bin/sh
# runs in the block directory; what it writes to the artifacts volume is there for the next steps of the run
mkdir -p /workspace/artifacts/blocks/database
date > /workspace/artifacts/blocks/database/last-backup.txt
echo "backup written"
