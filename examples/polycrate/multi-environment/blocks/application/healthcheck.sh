#!/bin/sh
# healthcheck.sh ENVIRONMENT: checks the step has the cluster it means to check (a real one would query it).
set -eu
context=$(sed -n 's/^current-context: *//p' "$KUBECONFIG")
echo "healthcheck of $POLYCRATE_BLOCK in context $context"
[ "$context" = "$1" ]
