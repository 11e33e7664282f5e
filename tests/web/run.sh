#!/bin/sh
# The browser tests of kring serve (tests/web/web_check.js, and
# intake_check.js for the intake on the map) and of kring server
# (server_browser_check.js) and the young person's phone
# (phone_browser_check.js): PostgreSQL only, they say so and pass on
# SQLite. Fetches
# playwright-core from the npm registry once, exactly as package-lock.json
# pins it, into tests/web/node_modules, then drives Debian's chromium.
# Usage: tests/web/run.sh KRING SAMPLES_DIR OUT_DIR
set -eu
here=$(cd "$(dirname "$0")" && pwd)
if [ ! -f "$here/node_modules/playwright-core/package.json" ] ||
    [ ! -f "$here/node_modules/axe-core/axe.min.js" ] ||
    [ ! -f "$here/node_modules/selenium-webdriver/package.json" ]; then
    (cd "$here" && npm ci --no-audit --no-fund --loglevel=error >/dev/null)
fi
node "$here/web_check.js" "$@"
node "$here/intake_check.js" "$@"
node "$here/server_browser_check.js" "$@"
exec node "$here/phone_browser_check.js" "$@"
