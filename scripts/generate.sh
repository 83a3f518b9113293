#!/usr/bin/env bash
# Regenerate everything that comes from the clap definitions in src/cli.rs: completions/ and
# man/ (tests/generate.rs and tests/completions.rs check that the committed files are current).
set -euo pipefail
cd "$(dirname "$0")/.."
cargo build --quiet
tok=target/debug/tok
rm -rf man
$tok generate completions completions
$tok generate man man
