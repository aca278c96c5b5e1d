#!/bin/sh
echo "helper $*"
