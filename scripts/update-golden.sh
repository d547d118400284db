#!/bin/sh
# Rewrites the golden files (Tests/Fixtures/expected, each invalid site's expected.txt, each fuzz
# finding's .expected and each bad input's expected.txt) from the current build. Review the result with `git diff` like code
# before committing. Run it as a user that chmod 000 stops (not root), or the bad inputs that
# need unreadable files keep their expected.txt as it is.
set -eu
cd "$(dirname "$0")/.."
HANDBOOK_UPDATE_GOLDEN=1 swift test --filter 'GoldenSiteTests|InvalidSiteTests|BadInputTests|FuzzRegressionTests'
git status --short Tests/Fixtures
