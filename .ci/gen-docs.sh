#!/usr/bin/env bash
# Generates shell completions and man pages into dist-docs/ for goreleaser's archives.
set -euo pipefail
cd "$(dirname "$0")/.."
out=dist-docs
rm -rf "$out"
mkdir -p "$out/completions" "$out/man"
for sh in bash zsh fish powershell; do
  go run ./cmd/pkgctl completion "$sh" > "$out/completions/pkgctl.$sh"
done
go run ./internal/tools/man "$out/man"
