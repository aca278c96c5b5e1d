#!/bin/bash
echo "monitoring, retention $1"
