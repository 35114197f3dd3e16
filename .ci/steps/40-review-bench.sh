#!/usr/bin/env bash
# The review page benchmark runs end to end on PostgreSQL (prints server times; see docs/ui.md).
set -euo pipefail
cd "$(dirname "$0")/../.."
.venv/bin/python bench/review_page.py
