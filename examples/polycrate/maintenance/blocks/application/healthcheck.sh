#!/bin/sh
# healthcheck.sh: fails unless the application reports healthy. Here it never does (nothing is started), so this
# step fails -- which is what the workflow's allow_failure is for.
set -eu
status=$(cat /workspace/artifacts/blocks/application/health.txt)
echo "application $(cat /workspace/artifacts/blocks/application/release.yml): $status"
if [ "$status" != "status: healthy" ]; then
  echo "health check failed" >&2
  exit 1
fi
