#!/usr/bin/env bash
# The old name of scripts/generate.sh, which now writes the man pages too.
exec "$(dirname "$0")/generate.sh" "$@"
