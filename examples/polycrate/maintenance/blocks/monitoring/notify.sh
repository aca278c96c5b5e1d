#!/bin/sh
# notify.sh CHANNEL MESSAGE: the notification, to the step's log and to the run's artifacts (no chat service here).
set -eu
echo "[$1] $2 (workflow $POLYCRATE_WORKFLOW, step $POLYCRATE_STEP)" | tee -a /workspace/artifacts/blocks/monitoring/notifications.log
