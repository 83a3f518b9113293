#!/usr/bin/env bash
# Regenerate completions/ from the clap definitions (tests/completions.rs checks them).
set -euo pipefail
cd "$(dirname "$0")/.."
cargo build --quiet
tok=target/debug/tok
$tok completions bash > completions/tok.bash
$tok completions zsh > completions/_tok
$tok completions fish > completions/tok.fish
$tok completions powershell > completions/_tok.ps1
$tok completions elvish > completions/tok.elv
