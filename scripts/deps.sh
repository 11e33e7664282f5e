#!/bin/sh
# Makes sure the Debian packages that kring needs are installed.
# Usage: scripts/deps.sh build|test|bench|fuzz
# As root it runs apt-get; otherwise it prints the exact command to run.
set -eu

what=${1:-build}
# pkg-config module or command, and the Debian package that provides it.
need="pkg-config:pkg-config cc:build-essential make:build-essential
msgfmt:gettext
jansson:libjansson-dev sqlite3:libsqlite3-dev igraph:libigraph-dev
libgvc:libgraphviz-dev cairo:libcairo2-dev pangocairo:libpango1.0-dev
libxml-2.0:libxml2-dev dejavu:fonts-dejavu-core
libmicrohttpd:libmicrohttpd-dev zlib:zlib1g-dev libpq:libpq-dev
libsodium:libsodium-dev liboath:liboath-dev libqrencode:libqrencode-dev
gnutls:libgnutls28-dev libcbor:libcbor-dev
libarchive:libarchive-dev
libcurl:libcurl4-gnutls-dev cjose:libcjose-dev"
case "$what" in
test) need="$need criterion:libcriterion-dev networkx:python3-networkx
cryptography:python3-cryptography
pdfinfo:poppler-utils sqlite3-cli:sqlite3 neato:graphviz
xmllint:libxml2-utils chromium:chromium node:nodejs npm:npm man:man-db
pg_virtualenv:postgresql pg_dump:postgresql-client openssl:openssl
nginx:nginx zbarimg:zbar-tools rsvg-convert:librsvg2-bin
WebKitWebDriver:webkit2gtk-driver Xvfb:xvfb xauth:xauth
matchbox-window-manager:matchbox-window-manager swrast:libgl1-mesa-dri" ;;
bench) need="$need sqlite3-cli:sqlite3 python3:python3 neato:graphviz
networkx:python3-networkx node:nodejs" ;;
fuzz) need="$need clang:clang fuzzer:libclang-rt-14-dev" ;;
esac

missing=""
for pair in $need; do
    name=${pair%%:*}
    pkg=${pair#*:}
    case "$name" in
    cc|make|pkg-config|msgfmt|python3|pdfinfo|neato|xmllint|clang|chromium|node|npm|man|pg_virtualenv|pg_dump|openssl|nginx|zbarimg|rsvg-convert|WebKitWebDriver|Xvfb|xauth|matchbox-window-manager)
        command -v "$name" >/dev/null 2>&1 && continue ;;
    dejavu) [ -f /usr/share/fonts/truetype/dejavu/DejaVuSans.ttf ] && continue ;;
    # WebKitGTK's drawing without a GPU (a recommendation of its own).
    swrast) ls /usr/lib/*/dri/swrast_dri.so >/dev/null 2>&1 && continue ;;
    sqlite3-cli) command -v sqlite3 >/dev/null 2>&1 && continue ;;
    fuzzer) ls /usr/lib/llvm-*/lib/clang/*/lib/linux/libclang_rt.fuzzer-x86_64.a \
        >/dev/null 2>&1 && continue ;;
    networkx) python3 -c 'import networkx' >/dev/null 2>&1 && continue ;;
    # A second implementation of passkeys' keys and signatures (the tests'
    # authenticator, tests/unit/webauthn_vectors.py).
    cryptography) python3 -c 'import cryptography' >/dev/null 2>&1 && continue ;;
    *) command -v pkg-config >/dev/null 2>&1 &&
        pkg-config --exists "$name" && continue ;;
    esac
    case " $missing " in *" $pkg "*) ;; *) missing="$missing $pkg" ;; esac
done
[ -z "$missing" ] && exit 0

cmd="apt-get install -y --no-install-recommends$missing"
if [ "$(id -u)" -eq 0 ] && command -v apt-get >/dev/null 2>&1; then
    echo "kring: installing Debian packages:$missing" >&2
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq >/dev/null
    $cmd >/dev/null
    exit 0
fi
echo "kring: missing Debian packages:$missing" >&2
echo "kring: install them as root with: apt-get update && $cmd" >&2
exit 1
