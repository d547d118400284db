#!/bin/sh
# Rewrites the golden files (Tests/Fixtures/expected and each invalid site's expected.txt)
# from the current build. Review the result with `git diff` like code before committing.
set -eu
cd "$(dirname "$0")/.."
HANDBOOK_UPDATE_GOLDEN=1 swift test --filter 'GoldenSiteTests|InvalidSiteTests'
git status --short Tests/Fixtures
