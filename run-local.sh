#!/usr/bin/env bash
# Kept for those who know it: the suite now starts with ./salestech up (see ./salestech help).
exec "$(dirname "$0")/salestech" up "$@"
