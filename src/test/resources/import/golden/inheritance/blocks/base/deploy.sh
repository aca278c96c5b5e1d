#!/bin/sh
echo "deploy to $1 ($2 replicas) with $KUBECONFIG"
