#!/bin/sh
# update.sh VERSION: records the new version; the (stand-in) application reports "starting" until it is up.
set -eu
echo "version: $1" > /workspace/artifacts/blocks/application/release.yml
echo "status: starting" > /workspace/artifacts/blocks/application/health.txt
echo "application updated to $1"
