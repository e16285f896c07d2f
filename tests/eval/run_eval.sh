#!/usr/bin/env bash
# Placeholder replaced by the engine tooling work in this same change.
echo "eval: not yet wired"
