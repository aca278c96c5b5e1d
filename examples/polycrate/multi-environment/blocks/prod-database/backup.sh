#!/bin/sh
# backup.sh DATABASE: says which cluster's database it would back up (from KUBECONFIG); contacts nothing.
set -eu
echo "backup of $1 in context $(sed -n 's/^current-context: *//p' "$KUBECONFIG")"
