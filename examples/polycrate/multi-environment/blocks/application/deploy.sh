#!/bin/sh
# deploy.sh ENVIRONMENT REPLICAS: says where it would deploy: the cluster of the kubeconfig the step was given
# (KUBECONFIG). A real block would run kubectl or helm here; this one reads the file and contacts nothing.
set -eu
context=$(sed -n 's/^current-context: *//p' "$KUBECONFIG")
server=$(grep -o 'server: *"[^"]*"' "$KUBECONFIG" | sed 's/server: *"\(.*\)"/\1/')
echo "deploy $POLYCRATE_BLOCK to $1 (replicas: $2): context $context, server $server"
[ "$context" = "$1" ] || { echo "the kubeconfig is for $context, not $1" >&2; exit 1; }
