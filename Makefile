# kring: one non-recursive GNU Makefile. `make demo` and `make test` first
# make sure the Debian packages are there (scripts/deps.sh), then build.

PREFIX ?= /usr/local
DESTDIR ?=
BINDIR = $(PREFIX)/bin
MODULEDIR = $(PREFIX)/lib/kring
LOCALEDIR = $(PREFIX)/share/locale
MANDIR = $(PREFIX)/share/man/man1
MANDIR_NL = $(PREFIX)/share/man/nl/man1
COMPLETIONDIR = $(PREFIX)/share/bash-completion/completions
# The administrator's documents (the unit file names server.md).
DOCDIR = $(PREFIX)/share/doc/kring
ADMIN_DOCS = docs/server.md docs/deploy.md docs/security.md docs/privacy.md
CC ?= cc
CFLAGS ?= -O2 -g
PKG_CONFIG ?= pkg-config

# jansson is linked as a shared library. SQLite is loaded with dlopen()
# when a command opens a database (src/store/sqlite/sqlite_api.h): its
# loading was most of a bare start; kring is compiled with its header and
# the tests, which also query the files directly, link it. igraph is
# linked statically: only the few objects of the measures kring uses come
# in, and none of the 20 libraries libigraph.so would load at every start
# (docs/design.md, "Start-up cost").
PKGS = jansson
SQLITE_CFLAGS := $(shell $(PKG_CONFIG) --cflags sqlite3 2>/dev/null)
SQLITE_LIBS := $(shell $(PKG_CONFIG) --libs sqlite3 2>/dev/null)
IGRAPH_CFLAGS := $(shell $(PKG_CONFIG) --cflags igraph 2>/dev/null)
IGRAPH_LIBS = -Wl,--push-state,-Bstatic -ligraph -Wl,--pop-state
TEST_PKGS = criterion
# Graphviz is linked only into kring-graphviz.so, which kring loads with
# dlopen() when it draws a map, and never otherwise (docs/design.md).
GVC_CFLAGS := $(shell $(PKG_CONFIG) --cflags libgvc cairo pangocairo fontconfig 2>/dev/null)
GVC_PLUGINDIR := $(shell $(PKG_CONFIG) --variable=libdir libgvc 2>/dev/null)/graphviz
GVC_LIBS := $(shell $(PKG_CONFIG) --libs libgvc cairo pangocairo fontconfig 2>/dev/null) \
            -L$(GVC_PLUGINDIR) -Wl,-rpath,$(GVC_PLUGINDIR) \
            -l:libgvplugin_core.so.6 -l:libgvplugin_neato_layout.so.6 \
            -l:libgvplugin_pango.so.6

# libmicrohttpd (and zlib, for gzip answers) is linked only into
# kring-http.so, which `kring serve` loads (src/cli/cmd_serve.c).
HTTP_CFLAGS := $(shell $(PKG_CONFIG) --cflags libmicrohttpd zlib 2>/dev/null)
HTTP_LIBS := $(shell $(PKG_CONFIG) --libs libmicrohttpd zlib 2>/dev/null)

# libsodium (argon2id, random tokens), liboath (TOTP), libqrencode, and
# for passkeys GnuTLS and libcbor (with jansson) are linked only into
# kring-auth.so, which the commands of kring server's
# accounts load (src/web/auth.h).
AUTH_CFLAGS := $(shell $(PKG_CONFIG) --cflags libsodium liboath libqrencode gnutls libcbor jansson 2>/dev/null)
AUTH_LIBS := $(shell $(PKG_CONFIG) --libs libsodium liboath libqrencode gnutls libcbor jansson 2>/dev/null)

# libarchive is linked only into kring-archive.so, which kring case
# archive loads (src/exchange/zip.h).
ARCHIVE_CFLAGS := $(shell $(PKG_CONFIG) --cflags libarchive 2>/dev/null)
ARCHIVE_LIBS := $(shell $(PKG_CONFIG) --libs libarchive 2>/dev/null)

# libcurl (the GnuTLS build, as libmicrohttpd's) and libcjose are linked
# only into kring-oidc.so, which kring server loads when its configuration
# names an identity provider (src/web/oidc.h).
OIDC_CFLAGS := $(shell $(PKG_CONFIG) --cflags libcurl cjose jansson 2>/dev/null)
OIDC_LIBS := $(shell $(PKG_CONFIG) --libs libcurl cjose jansson 2>/dev/null)

# libxml2 is linked only into kring-xml.so, which kring loads when it
# reads GraphML (docs/design.md).
XML_CFLAGS := $(shell $(PKG_CONFIG) --cflags libxml-2.0 2>/dev/null)
XML_LIBS := $(shell $(PKG_CONFIG) --libs libxml-2.0 2>/dev/null)

WARN = -std=c11 -Wall -Wextra -Wpedantic -Wshadow -Wstrict-prototypes \
       -Wmissing-prototypes -Wformat=2 -Wvla -Werror
DEPS_CFLAGS := $(shell $(PKG_CONFIG) --cflags $(PKGS) 2>/dev/null)
DEPS_LIBS := $(shell $(PKG_CONFIG) --libs $(PKGS) 2>/dev/null)
ALL_CFLAGS = $(WARN) -D_DEFAULT_SOURCE -Iinclude $(DEPS_CFLAGS) $(SQLITE_CFLAGS) \
             $(PQ_CFLAGS) \
             -DKRING_LOCALEDIR='"$(LOCALEDIR)"' \
             -DKRING_MODULEDIR='"$(MODULEDIR)"' -MMD -MP $(CFLAGS)
ALL_LDFLAGS = $(LDFLAGS)
LIBS = $(IGRAPH_LIBS) $(DEPS_LIBS) -lm -pthread

B = build
BIN = kring
LANGS = nl
MO = $(LANGS:%=$(B)/locale/%/LC_MESSAGES/kring.mo)
MODULE = $(patsubst %kring,%kring-graphviz.so,$(BIN))
XML_MODULE = $(patsubst %kring,%kring-xml.so,$(BIN))
HTTP_MODULE = $(patsubst %kring,%kring-http.so,$(BIN))
AUTH_MODULE = $(patsubst %kring,%kring-auth.so,$(BIN))
ARCHIVE_MODULE = $(patsubst %kring,%kring-archive.so,$(BIN))
OIDC_MODULE = $(patsubst %kring,%kring-oidc.so,$(BIN))
# The library (libkring.a), a folder per part (docs/design.md): each part
# uses only the parts listed before it.
LIB_DIRS = base model store analyze map exchange history change report
LIB_INC = $(LIB_DIRS:%=-Isrc/%)
# The store's backends, each a folder of src/store/ with its backend.mk.
STORE_SRC =
include $(sort $(wildcard src/store/*/backend.mk))
LIB_SRC = src/base/alloc.c src/base/error.c src/base/i18n.c src/base/markup.c \
          src/base/jsonw.c \
          src/base/jsonpos.c src/model/file.c src/base/module.c \
          src/model/model.c src/model/text.c src/model/case.c \
          src/model/casefile_read.c src/model/casefile_write.c \
          src/model/json_text.c src/model/outcome.c \
          src/model/words.c src/model/fields.c src/store/store.c src/store/shared.c \
          src/store/ahead.c src/store/org.c src/store/login.c src/store/youth.c \
          $(STORE_SRC) src/analyze/graph.c \
          src/analyze/weights.c src/analyze/score.c src/analyze/explain.c \
          src/analyze/indicators.c src/map/map_text.c src/map/map_layout.c src/map/map_cells.c \
          src/map/map_font.c src/map/map_dot.c src/map/map_graph.c src/map/map_write.c \
          src/map/map_legend.c src/map/map_route.c src/map/render.c \
          src/exchange/anonymize.c \
          src/exchange/exchange_write.c src/exchange/exchange_read.c \
          src/exchange/hash_index.c src/exchange/import_common.c \
          src/exchange/import_graphml.c src/exchange/import_foreign.c \
          src/exchange/import_mapping.c \
          src/exchange/import_nc_csv.c \
          src/exchange/import_easynwk.c src/history/history.c \
          src/change/change.c src/change/copy.c src/report/report.c \
          src/report/sheet.c src/report/organisation.c \
          src/report/organisation_out.c
CLI_SRC = src/cli/cli.c src/cli/opt.c src/cli/out.c src/cli/workers.c src/cli/cmd_case.c \
          src/cli/cmd_person.c src/cli/cmd_tie.c src/cli/cmd_exchange.c src/cli/cmd_analyze.c \
          src/cli/cmd_render.c src/cli/cmd_history.c src/cli/cmd_suggestions.c src/cli/cmd_outcome.c src/cli/cmd_report.c src/cli/cmd_interview.c src/cli/cmd_safe.c \
          src/cli/cmd_serve.c src/cli/cmd_sheet.c src/cli/cmd_db.c src/cli/cmd_org.c src/cli/cmd_server.c src/cli/cmd_client.c \
          src/cli/cmd_archive.c
WEB_SRC = src/web/web.c src/web/web_out.c src/web/web_form.c \
          src/web/web_suggest.c src/web/web_intake.c \
          src/web/web_change.c src/web/web_pages.c \
          src/web/web_views.c src/web/web_access.c src/web/web_map.c \
          src/web/web_glass.c src/web/web_door.c src/web/web_oidc.c src/web/web_login.c \
          src/web/web_office.c src/web/web_team.c src/web/web_outcome.c src/web/web_phone.c \
          src/web/web_invite.c src/web/web_passkey.c src/web/web_phone_page.c
MODULE_SRC = src/map/graphviz.c src/map/sheet_pdf.c src/exchange/xml.c src/web/httpd.c \
             src/web/auth.c src/web/webauthn.c src/web/oidc.c src/exchange/zip.c
LIB_OBJ = $(LIB_SRC:%.c=$(B)/%.o)
CLI_OBJ = $(CLI_SRC:%.c=$(B)/%.o) $(WEB_SRC:%.c=$(B)/%.o) $(B)/gen/web_assets.o
UNIT_TESTS = $(patsubst tests/unit/%.c,$(B)/tests/%,$(wildcard tests/unit/test_*.c))
CLI_TESTS = $(patsubst tests/cli/%.c,$(B)/tests/cli_%,$(wildcard tests/cli/test_*.c))
E2E_TESTS = $(patsubst tests/e2e/%.c,$(B)/tests/e2e_%,$(wildcard tests/e2e/test_*.c))
TESTS = $(UNIT_TESTS) $(CLI_TESTS) $(E2E_TESTS)

.DELETE_ON_ERROR:
# The test programs' objects are kept between runs of make: make test runs
# make again for PostgreSQL (scripts/postgresql.sh), which would build
# them all anew (a minute of CI) had the first run removed them as
# intermediate files.
.SECONDARY:
.PHONY: all build demo test check check-postgresql sanitize sanitize-run sanitize-server fmt fmt-check install uninstall \
        clean deps bench graphs pot po-check fuzz fuzz-build fuzz-run

all:
	@scripts/deps.sh build
	@$(MAKE) --no-print-directory build

build: $(BIN) $(MODULE) $(XML_MODULE) $(HTTP_MODULE) $(AUTH_MODULE) \
       $(OIDC_MODULE) $(ARCHIVE_MODULE) $(MO)

$(B)/libkring.a: $(LIB_OBJ)
	$(AR) rcs $@ $^

# Translations: po/LANG.po compiled where kring finds them in the build
# tree (src/base/i18n.c) and installs them. 'make pot' takes the messages out
# of the code again and merges them into every po/LANG.po.
$(B)/locale/%/LC_MESSAGES/kring.mo: po/%.po
	@mkdir -p $(@D)
	msgfmt --check -o $@ $<

XGETTEXT = xgettext --from-code=UTF-8 --language=C --keyword=_ --keyword=N_ \
           --keyword=TR_ --keyword=W_:1c,2 --keyword=C_:1c,2 --keyword=P_:1,2 --keyword=dngettext:2,3 \
           --add-comments=TRANSLATORS --package-name=kring \
           --package-version=0.1.0 --msgid-bugs-address=kring@localhost
pot:
	$(XGETTEXT) -o po/kring.pot $(sort $(LIB_SRC) $(CLI_SRC) $(WEB_SRC) $(MODULE_SRC))
	sed -i 's/charset=CHARSET/charset=UTF-8/' po/kring.pot
	for l in $(LANGS); do msgmerge -q -U --backup=none po/$$l.po po/kring.pot; done

# Every message of the code is in every catalogue, translated and not
# fuzzy: the messages are taken out of the code again, merged into a copy
# of each po/LANG.po, and msgfmt must count only translated ones.
po-check:
	@$(XGETTEXT) -o $(B)/po-check.pot $(sort $(LIB_SRC) $(CLI_SRC) $(WEB_SRC) $(MODULE_SRC))
	@for l in $(LANGS); do \
	    msgmerge -q -o $(B)/po-check-$$l.po po/$$l.po $(B)/po-check.pot && \
	    stats=$$(msgfmt --statistics -o /dev/null $(B)/po-check-$$l.po 2>&1) && \
	    echo "po/$$l.po: $$stats" && \
	    echo "$$stats" | grep -qx '[0-9]* translated messages\.' || \
	    { echo "po/$$l.po is not complete: run 'make pot' and translate" >&2; exit 1; }; \
	done

# The command line and the web pages see only the public API
# (include/kring/), none of the library's folders.
$(B)/src/cli/%.o: src/cli/%.c
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) -Isrc/cli -Isrc/web -c -o $@ $<

# The web pages do not see the command line either.
$(B)/src/web/%.o: src/web/%.c
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) -Isrc/web -c -o $@ $<

$(B)/src/%.o: src/%.c
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) $(LIB_INC) -I$(B)/gen -c -o $@ $<

# The default weight profile, compiled in from its JSON file.
$(B)/gen/weights_default.h: src/analyze/weights.json
	@mkdir -p $(@D)
	sed -e 's/\\/\\\\/g' -e 's/"/\\"/g' -e 's/^/"/' -e 's/$$/\\n"/' $< > $@

$(B)/src/analyze/weights.o: $(B)/gen/weights_default.h

# The web pages' stylesheet and script, compiled into kring serve; the
# young person's phone's service worker and icons (docs/youth-phone.md),
# the PNGs made once from icon.svg (rsvg-convert -w N -h N) and kept.
WEB_ICONS = src/web/icons/icon.svg src/web/icons/icon-180.png \
            src/web/icons/icon-192.png src/web/icons/icon-512.png
$(B)/gen/web_assets.c: src/web/kring.css src/web/kring.js src/web/phone-sw.js src/web/passkey.js $(WEB_ICONS)
	@mkdir -p $(@D)
	{ echo 'const char web_css[] ='; \
	  sed -e 's/\\/\\\\/g' -e 's/"/\\"/g' -e 's/^/"/' -e 's/$$/\\n"/' src/web/kring.css; \
	  echo '; const char web_js[] ='; \
	  sed -e 's/\\/\\\\/g' -e 's/"/\\"/g' -e 's/^/"/' -e 's/$$/\\n"/' src/web/kring.js; \
	  echo '; const char web_phone_sw[] ='; \
	  sed -e 's/\\/\\\\/g' -e 's/"/\\"/g' -e 's/^/"/' -e 's/$$/\\n"/' src/web/phone-sw.js; \
	  echo '; const char web_passkey_js[] ='; \
	  sed -e 's/\\/\\\\/g' -e 's/"/\\"/g' -e 's/^/"/' -e 's/$$/\\n"/' src/web/passkey.js; \
	  echo ';'; \
	  for f in $(WEB_ICONS); do \
	    n=$$(basename $$f | tr '.-' '__'); \
	    echo "const unsigned char web_$$n[] = {"; \
	    od -An -v -tx1 $$f | sed -e 's/ \([0-9a-f][0-9a-f]\)/0x\1,/g'; \
	    echo "}; const unsigned long web_$${n}_len = sizeof web_$$n;"; \
	  done; } > $@

$(B)/gen/web_assets.o: $(B)/gen/web_assets.c
	$(CC) $(CFLAGS) -c -o $@ $<
$(B)/src/analyze/graph.o $(B)/tests/unit/test_igraph_oracle.o: ALL_CFLAGS += $(IGRAPH_CFLAGS)

$(BIN): $(B)/src/cli/main.o $(CLI_OBJ) $(B)/libkring.a
	$(CC) $(ALL_LDFLAGS) -o $@ $^ $(LIBS)

# kring with its own check of need to know left out (web_login.c with
# KRING_TEST_NO_OWN_CHECKS): for the test that PostgreSQL's row-level
# security alone holds every case of another team (server_check.py).
$(B)/nocheck/web_login.o: src/web/web_login.c
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) -Isrc/web -DKRING_TEST_NO_OWN_CHECKS -c -o $@ $<

$(B)/nocheck/kring: $(B)/src/cli/main.o \
                    $(filter-out $(B)/src/web/web_login.o,$(CLI_OBJ)) \
                    $(B)/nocheck/web_login.o $(B)/libkring.a
	@mkdir -p $(@D)
	$(CC) $(ALL_LDFLAGS) -o $@ $^ $(LIBS)

# kring-graphviz.so: the one file that knows Graphviz, loaded by kring
# (src/map/render.c) when it draws.
$(B)/src/map/graphviz.pic.o: src/map/graphviz.c
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) $(GVC_CFLAGS) -fPIC -c -o $@ $<

$(B)/src/map/sheet_pdf.pic.o: src/map/sheet_pdf.c
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) $(GVC_CFLAGS) -fPIC -c -o $@ $<

$(MODULE): $(B)/src/map/graphviz.pic.o $(B)/src/map/sheet_pdf.pic.o
	$(CC) $(ALL_LDFLAGS) -shared -o $@ $^ $(GVC_LIBS)

# kring-xml.so: the one file that knows libxml2, loaded by kring
# (src/exchange/import_graphml.c) when it reads XML.
$(B)/src/exchange/xml.pic.o: src/exchange/xml.c
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) $(XML_CFLAGS) -fPIC -c -o $@ $<

$(XML_MODULE): $(B)/src/exchange/xml.pic.o
	$(CC) $(ALL_LDFLAGS) -shared -o $@ $^ $(XML_LIBS)

# kring-http.so: the one file that knows libmicrohttpd.
$(B)/src/web/httpd.pic.o: src/web/httpd.c
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) $(HTTP_CFLAGS) -fPIC -c -o $@ $<

$(HTTP_MODULE): $(B)/src/web/httpd.pic.o
	$(CC) $(ALL_LDFLAGS) -shared -o $@ $^ $(HTTP_LIBS)

# kring-auth.so: the files that know libsodium, liboath, libqrencode,
# GnuTLS and libcbor.
$(B)/src/web/auth.pic.o $(B)/src/web/webauthn.pic.o: $(B)/src/web/%.pic.o: src/web/%.c
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) $(AUTH_CFLAGS) -fPIC -c -o $@ $<

$(AUTH_MODULE): $(B)/src/web/auth.pic.o $(B)/src/web/webauthn.pic.o
	$(CC) $(ALL_LDFLAGS) -shared -o $@ $^ $(AUTH_LIBS)

# kring-archive.so: the one file that knows libarchive.
$(B)/src/exchange/zip.pic.o: src/exchange/zip.c
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) $(ARCHIVE_CFLAGS) -fPIC -c -o $@ $<

$(ARCHIVE_MODULE): $(B)/src/exchange/zip.pic.o
	$(CC) $(ALL_LDFLAGS) -shared -o $@ $^ $(ARCHIVE_LIBS)

# kring-oidc.so: the one file that knows libcurl and libcjose.
$(B)/src/web/oidc.pic.o: src/web/oidc.c
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) $(OIDC_CFLAGS) -fPIC -c -o $@ $<

$(OIDC_MODULE): $(B)/src/web/oidc.pic.o
	$(CC) $(ALL_LDFLAGS) -shared -o $@ $^ $(OIDC_LIBS)

TEST_CFLAGS = $(ALL_CFLAGS) -Isrc/cli -Isrc/web -Itests \
              $(shell $(PKG_CONFIG) --cflags $(TEST_PKGS) 2>/dev/null)
TEST_LIBS = $(shell $(PKG_CONFIG) --libs $(TEST_PKGS) 2>/dev/null) $(LIBS) \
            $(SQLITE_LIBS) $(PQ_LIBS)

$(B)/tests/%.o: tests/%.c
	@mkdir -p $(@D)
	$(CC) $(TEST_CFLAGS) $(LIB_INC) -c -o $@ $<

$(B)/tests/test_%: $(B)/tests/unit/test_%.o $(B)/tests/helpers.o $(B)/tests/gen.o $(CLI_OBJ) $(B)/libkring.a
	$(CC) $(ALL_LDFLAGS) -o $@ $^ $(TEST_LIBS)

$(B)/tests/cli_test_%: $(B)/tests/cli/test_%.o $(B)/tests/helpers.o $(B)/tests/gen.o $(CLI_OBJ) $(B)/libkring.a
	$(CC) $(ALL_LDFLAGS) -o $@ $^ $(TEST_LIBS)

$(B)/tests/e2e_test_%: $(B)/tests/e2e/test_%.o $(B)/tests/helpers.o $(B)/tests/gen.o $(CLI_OBJ) $(B)/libkring.a
	$(CC) $(ALL_LDFLAGS) -o $@ $^ $(TEST_LIBS)

# igraph's own GraphML reader, to read kring's GraphML in the tests
# (tests/exchange/exchange_check.py); linked with the shared igraph,
# being no part of kring.
$(B)/tests/igraph_read: tests/exchange/igraph_read.c
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) $(IGRAPH_CFLAGS) -o $@ $< $(ALL_LDFLAGS) -ligraph

# The generator of random cases for the benchmarks.
$(B)/bench/kring-gen: $(B)/bench/kring_gen.o $(B)/tests/gen.o $(B)/libkring.a
	$(CC) $(ALL_LDFLAGS) -o $@ $^ $(LIBS)

# Many writers of the same cases at once (bench/postgresql.sh).
$(B)/bench/kring-writers: $(B)/bench/kring_writers.o $(B)/libkring.a
	$(CC) $(ALL_LDFLAGS) -o $@ $^ $(LIBS)

$(B)/bench/%.o: bench/%.c
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) -Itests -c -o $@ $<

demo:
	@scripts/deps.sh build
	@$(MAKE) --no-print-directory build
	@rm -f $(B)/demo.db $(B)/demo.db-wal $(B)/demo.db-shm
	@for f in samples/*.json; do ./kring --db $(B)/demo.db import "$$f" || exit 1; done
	@echo
	@./kring --db $(B)/demo.db case list
	@echo
	@./kring --db $(B)/demo.db case show 2026-014
	@./kring --db $(B)/demo.db render 2026-014 -o $(B)/demo-noah.svg
	@./kring --db $(B)/demo.db render 2026-014 -o $(B)/demo-noah-team.png --theme team
	@echo
	@echo "Noah's map: $(B)/demo-noah.svg (for him), $(B)/demo-noah-team.png (for the team)"

# The build before a test run uses every core (the tests themselves run
# two at a time, tests/run.sh).
JOBS ?= $(shell nproc 2>/dev/null || echo 2)

# The suite on SQLite, then again on PostgreSQL: on the server PGHOST
# and the others name, else on a throw-away one (scripts/postgresql.sh).
test:
	@scripts/deps.sh test
	@$(MAKE) --no-print-directory -j$(JOBS) check
	@scripts/postgresql.sh $(MAKE) --no-print-directory -j$(JOBS) \
	    check-postgresql

# What runs again on PostgreSQL (KRING_TEST_DB=postgresql, a server named
# by PGHOST, PGPORT, PGUSER, PGDATABASE), each store a schema of its own
# (tests/helpers.c, tests/store_db.py, tests/web/kring_test.js): every
# Criterion test (one that can only mean SQLite's file says why and is
# skipped); the interview, exchange, hostile-file and anonymisation
# checks; the access log's chain recomputed in Python (audit_chain_check);
# kring server over HTTPS: login, need to know, attacks (server_check);
# its login through an identity provider, oidc-provider's and a forging
# one (oidc_check);
# every address and command that reads or changes a case one line of the
# access log, and a line changed found (log_check); a team lead's
# assignment, the admin's teams and logging out everywhere (team_check);
# the young person's phone: inviting, opening, their view, PostgreSQL
# alone as them, guessing codes and PINs, revoking (phone_check);
# the browser tests, kring server's among them (server_browser_check:
# enrolment and login in Chromium, every route of another team's case,
# break-glass and the privacy officer, sessions' ends, the intake, axe,
# screenshots in English and Dutch); a short load on kring serve; and the trust
# checks of PostgreSQL: kills during imports and copies, and failovers of
# a primary and a standby this check makes.
check-postgresql: $(BIN) $(MODULE) $(XML_MODULE) $(HTTP_MODULE) $(AUTH_MODULE) $(OIDC_MODULE) $(ARCHIVE_MODULE) $(MO) $(TESTS) \
                  $(B)/nocheck/kring \
                  $(B)/tests/igraph_read $(B)/bench/kring-gen
	@echo "postgresql: $$(date +%T) the tests on $${PGHOST:-?}:$${PGPORT:-?}"
	@KRING_TEST_DB=postgresql KRING_BIN=$(CURDIR)/$(BIN) \
	    KRING_GRAPHVIZ=$(CURDIR)/$(MODULE) KRING_XML=$(CURDIR)/$(XML_MODULE) KRING_AUTH=$(CURDIR)/$(AUTH_MODULE) \
	    tests/run.sh $(TESTS)
	@echo "postgresql: $$(date +%T) interview_check"
	@KRING_TEST_DB=postgresql python3 tests/interview/interview_check.py ./$(BIN)
	@echo "postgresql: $$(date +%T) exchange_check"
	@KRING_TEST_DB=postgresql KRING_MUTANTS=100 \
	    KRING_IGRAPH_READ=$(B)/tests/igraph_read \
	    python3 tests/exchange/exchange_check.py ./$(BIN)
	@echo "postgresql: $$(date +%T) hostile_check"
	@KRING_TEST_DB=postgresql KRING_XML=$(CURDIR)/$(XML_MODULE) KRING_AUTH=$(CURDIR)/$(AUTH_MODULE) \
	    python3 tests/exchange/hostile_check.py ./$(BIN)
	@echo "postgresql: $$(date +%T) anon_check"
	@KRING_TEST_DB=postgresql python3 tests/trust/anon_check.py ./$(BIN)
	@echo "postgresql: $$(date +%T) audit_chain_check"
	@KRING_TEST_DB=postgresql python3 tests/trust/audit_chain_check.py ./$(BIN)
	@echo "postgresql: $$(date +%T) avg_check"
	@KRING_TEST_DB=postgresql python3 tests/trust/avg_check.py ./$(BIN)
	@echo "postgresql: $$(date +%T) server_check"
	@KRING_TEST_DB=postgresql python3 tests/server/server_check.py ./$(BIN)
	@echo "postgresql: $$(date +%T) oidc_check"
	@KRING_TEST_DB=postgresql KRING_OIDC=$(CURDIR)/$(OIDC_MODULE) \
	    KRING_AUTH=$(CURDIR)/$(AUTH_MODULE) \
	    python3 tests/server/oidc_check.py ./$(BIN)
	@echo "postgresql: $$(date +%T) server_check, kring's own checks off"
	@KRING_TEST_DB=postgresql KRING_OWN_CHECKS=0 \
	    KRING_HTTP=$(CURDIR)/$(HTTP_MODULE) KRING_AUTH=$(CURDIR)/$(AUTH_MODULE) \
	    python3 tests/server/server_check.py $(B)/nocheck/kring
	@echo "postgresql: $$(date +%T) team_check"
	@KRING_TEST_DB=postgresql python3 tests/server/team_check.py ./$(BIN)
	@echo "postgresql: $$(date +%T) phone_check"
	@KRING_TEST_DB=postgresql python3 tests/server/phone_check.py ./$(BIN)
	@echo "postgresql: $$(date +%T) log_check"
	@KRING_TEST_DB=postgresql python3 tests/server/log_check.py ./$(BIN)
	@echo "postgresql: $$(date +%T) the browser tests"
	@KRING_TEST_DB=postgresql KRING_WEB_QUICK=1 \
	    tests/web/run.sh ./$(BIN) samples $(B)/web-postgresql
	@echo "postgresql: $$(date +%T) serve_load"
	@KRING_TEST_DB=postgresql KRING=./$(BIN) KRING_GEN=$(B)/bench/kring-gen \
	    node bench/serve_load.js 10 8
	@echo "postgresql: $$(date +%T) report_check"
	@KRING_TEST_DB=postgresql python3 tests/report/report_check.py ./$(BIN)
	@echo "postgresql: $$(date +%T) pg_trust_check"
	@KRING_GEN=$(B)/bench/kring-gen python3 tests/trust/pg_trust_check.py \
	    ./$(BIN)
	@echo "postgresql: $$(date +%T) done"

check: $(BIN) $(MODULE) $(XML_MODULE) $(HTTP_MODULE) $(AUTH_MODULE) $(OIDC_MODULE) $(ARCHIVE_MODULE) $(MO) $(TESTS) \
       $(B)/tests/igraph_read $(B)/bench/kring-gen
	@echo "check: $$(date +%T) the Criterion tests"
	@KRING_BIN=$(CURDIR)/$(BIN) KRING_GRAPHVIZ=$(CURDIR)/$(MODULE) \
	    KRING_XML=$(CURDIR)/$(XML_MODULE) KRING_AUTH=$(CURDIR)/$(AUTH_MODULE) \
	    tests/run.sh $(TESTS)
	@echo "check: $$(date +%T) networkx_check"
	@python3 tests/crosscheck/networkx_check.py ./$(BIN) samples 300
	@echo "check: $$(date +%T) render_check"
	@python3 tests/render/render_check.py ./$(BIN)
	@echo "check: $$(date +%T) sheet_check"
	@python3 tests/render/sheet_check.py ./$(BIN)
	@echo "check: $$(date +%T) crowd_check"
	@KRING_GEN=$(B)/bench/kring-gen \
	    python3 tests/render/crowd_check.py ./$(BIN) --strict --quiet
	@echo "check: $$(date +%T) interview_check"
	@python3 tests/interview/interview_check.py ./$(BIN)
	@echo "check: $$(date +%T) exchange_check"
	@KRING_MUTANTS=1000 KRING_IGRAPH_READ=$(B)/tests/igraph_read \
	    python3 tests/exchange/exchange_check.py ./$(BIN)
	@echo "check: $$(date +%T) hostile_check"
	@KRING_XML=$(CURDIR)/$(XML_MODULE) KRING_AUTH=$(CURDIR)/$(AUTH_MODULE) python3 tests/exchange/hostile_check.py ./$(BIN)
	@echo "check: $$(date +%T) trust_check"
	@python3 tests/trust/trust_check.py ./$(BIN)
	@echo "check: $$(date +%T) anon_check"
	@python3 tests/trust/anon_check.py ./$(BIN)
	@echo "check: $$(date +%T) avg_check"
	@python3 tests/trust/avg_check.py ./$(BIN)
	@echo "check: $$(date +%T) report_check"
	@python3 tests/report/report_check.py ./$(BIN)
	@echo "check: $$(date +%T) the browser tests"
	@tests/web/run.sh ./$(BIN) samples $(B)/web
	@echo "check: $$(date +%T) shell_check"
	@tests/shell/shell_check.sh ./$(BIN)
	@echo "check: $$(date +%T) docs_check"
	@python3 tests/shell/docs_check.py ./$(BIN)
	@echo "check: $$(date +%T) house_check"
	@python3 tests/shell/house_check.py $(B)
	@$(MAKE) --no-print-directory po-check

# The maps of the samples in graphs/, drawn again (tests/render checks
# that they are up to date).
graphs: $(BIN) $(MODULE)
	@python3 tests/render/render_check.py ./$(BIN) --graphs --update
	@python3 tests/render/sheet_check.py ./$(BIN) --graphs

# Address and undefined-behaviour sanitizers over the whole suite; leaks
# are read from the logs because Criterion passes a leaking test.
sanitize:
	@scripts/deps.sh test
	@$(MAKE) --no-print-directory -j$(JOBS) B=build-san BIN=build-san/kring \
	    CFLAGS="-O1 -g -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=undefined" \
	    LDFLAGS="-fsanitize=address,undefined" sanitize-run
	@scripts/postgresql.sh $(MAKE) --no-print-directory -j$(JOBS) B=build-san \
	    BIN=build-san/kring \
	    CFLAGS="-O1 -g -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=undefined" \
	    LDFLAGS="-fsanitize=address,undefined" sanitize-server

# kring server under the sanitizers, on PostgreSQL: its login and attacks
# (server_check), its identity provider (oidc_check), the young person's
# phone and passkeys (phone_check, which also reads the server's stderr
# for a sanitizer's report).
sanitize-server: $(BIN) $(MODULE) $(XML_MODULE) $(HTTP_MODULE) $(AUTH_MODULE) $(OIDC_MODULE) $(MO)
	@for c in server oidc phone; do \
	    echo "sanitize: $$(date +%T) $${c}_check on PostgreSQL"; \
	    ASAN_OPTIONS=detect_leaks=1:fast_unwind_on_malloc=0 \
	    LSAN_OPTIONS=suppressions=$(CURDIR)/tests/lsan.supp \
	    KRING_TEST_DB=postgresql KRING_BIN=$(CURDIR)/$(BIN) \
	    KRING_GRAPHVIZ=$(CURDIR)/$(MODULE) KRING_XML=$(CURDIR)/$(XML_MODULE) \
	    KRING_HTTP=$(CURDIR)/$(HTTP_MODULE) KRING_AUTH=$(CURDIR)/$(AUTH_MODULE) \
	    KRING_OIDC=$(CURDIR)/$(OIDC_MODULE) \
	    python3 tests/server/$${c}_check.py ./$(BIN) || exit 1; \
	done

# The tests that draw with Graphviz. Graphviz 2.42 leaks a little in its
# own code (tests/lsan.supp names the functions), and libgvc has no frame
# pointers: only the slow unwinder (fast_unwind_on_malloc=0) sees those
# functions in a leak's stack. It costs at every allocation (test_alloc:
# 203 s against 18 s), so the other tests run with the fast one. A test
# that draws and is not listed here fails with a leak in gmalloc.
SAN_DRAWING = $(addprefix $(B)/tests/,test_graph cli_test_render_all \
    cli_test_serve cli_test_serve_map cli_test_serve_youth \
    e2e_test_serve_http)

sanitize-run: $(BIN) $(MODULE) $(XML_MODULE) $(HTTP_MODULE) $(AUTH_MODULE) $(OIDC_MODULE) $(ARCHIVE_MODULE) $(MO) $(TESTS) \
              $(B)/bench/kring-gen
	@echo "sanitize: $$(date +%T) unit and command tests"
	@ASAN_OPTIONS=detect_leaks=1:fast_unwind_on_malloc=1 \
	    LSAN_OPTIONS=suppressions=$(CURDIR)/tests/lsan.supp \
	    KRING_BIN=$(CURDIR)/$(BIN) KRING_GRAPHVIZ=$(CURDIR)/$(MODULE) \
	    KRING_XML=$(CURDIR)/$(XML_MODULE) KRING_AUTH=$(CURDIR)/$(AUTH_MODULE) \
	    tests/run.sh --sanitize $(filter-out $(SAN_DRAWING),$(TESTS))
	@echo "sanitize: $$(date +%T) the tests that draw"
	@ASAN_OPTIONS=detect_leaks=1:fast_unwind_on_malloc=0 \
	    LSAN_OPTIONS=suppressions=$(CURDIR)/tests/lsan.supp \
	    KRING_BIN=$(CURDIR)/$(BIN) KRING_GRAPHVIZ=$(CURDIR)/$(MODULE) \
	    KRING_XML=$(CURDIR)/$(XML_MODULE) KRING_AUTH=$(CURDIR)/$(AUTH_MODULE) \
	    tests/run.sh --sanitize $(filter $(SAN_DRAWING),$(TESTS))
	@echo "sanitize: $$(date +%T) render_check"
	@ASAN_OPTIONS=detect_leaks=1:fast_unwind_on_malloc=0 \
	    LSAN_OPTIONS=suppressions=$(CURDIR)/tests/lsan.supp:print_suppressions=0 \
	    python3 tests/render/render_check.py ./$(BIN)
	@echo "sanitize: $$(date +%T) crowd_check"
	@ASAN_OPTIONS=detect_leaks=1:fast_unwind_on_malloc=0 \
	    LSAN_OPTIONS=suppressions=$(CURDIR)/tests/lsan.supp \
	    KRING_GEN=$(B)/bench/kring-gen \
	    python3 tests/render/crowd_check.py ./$(BIN) --strict --quiet
	@echo "sanitize: $$(date +%T) interview_check"
	@ASAN_OPTIONS=detect_leaks=1:fast_unwind_on_malloc=0 \
	    python3 tests/interview/interview_check.py ./$(BIN)
	@echo "sanitize: $$(date +%T) docs_check"
	@ASAN_OPTIONS=detect_leaks=1:fast_unwind_on_malloc=0 \
	    python3 tests/shell/docs_check.py ./$(BIN)
	@echo "sanitize: $$(date +%T) exchange_check"
	@ASAN_OPTIONS=detect_leaks=1:fast_unwind_on_malloc=0 \
	    LSAN_OPTIONS=suppressions=$(CURDIR)/tests/lsan.supp \
	    KRING_MUTANTS=300 python3 tests/exchange/exchange_check.py ./$(BIN)
	@echo "sanitize: $$(date +%T) hostile_check"
	@ASAN_OPTIONS=detect_leaks=1:fast_unwind_on_malloc=0 \
	    LSAN_OPTIONS=suppressions=$(CURDIR)/tests/lsan.supp \
	    KRING_XML=$(CURDIR)/$(XML_MODULE) KRING_AUTH=$(CURDIR)/$(AUTH_MODULE) KRING_HOSTILE_SCALE=10 \
	    KRING_HOSTILE_SMALL=1 \
	    python3 tests/exchange/hostile_check.py ./$(BIN)
	@echo "sanitize: $$(date +%T) trust_check"
	@ASAN_OPTIONS=detect_leaks=1:fast_unwind_on_malloc=0 \
	    LSAN_OPTIONS=suppressions=$(CURDIR)/tests/lsan.supp \
	    KRING_ARGS_SHARE=0.1 python3 tests/trust/trust_check.py ./$(BIN) 30
	@echo "sanitize: $$(date +%T) browser tests"
	@ASAN_OPTIONS=detect_leaks=1:fast_unwind_on_malloc=0 \
	    LSAN_OPTIONS=suppressions=$(CURDIR)/tests/lsan.supp \
	    KRING_WEB_QUICK=1 tests/web/run.sh ./$(BIN) samples $(B)/web
	@echo "sanitize: $$(date +%T) done"

# Fuzzing with libFuzzer (clang): the harnesses of tests/fuzz, built over
# the library with ASan and UBSan, libxml2 linked in (docs/security.md).
# `make fuzz` builds them; `make fuzz-run` runs each for FUZZ_SECONDS on a
# copy of its seed corpus (tests/fuzz/corpus/NAME); FUZZ_RUNS=N runs each
# for N inputs instead.
FUZZERS = casefile import nc_csv weights webauthn
FUZZ_SECONDS ?= 20
FUZZ_FLAGS = -O1 -g -fsanitize=fuzzer-no-link,address,undefined \
             -fno-sanitize-recover=undefined -DKRING_XML_STATIC
fuzz:
	@scripts/deps.sh fuzz
	@$(MAKE) --no-print-directory -j$(JOBS) CC=clang B=build-fuzz CFLAGS="$(FUZZ_FLAGS)" \
	    fuzz-build

fuzz-build: $(FUZZERS:%=$(B)/fuzz/fuzz_%)

$(B)/src/exchange/xml.o: ALL_CFLAGS += $(XML_CFLAGS)

$(B)/fuzz/fuzz_%: tests/fuzz/fuzz_%.c $(B)/libkring.a $(B)/src/exchange/xml.o
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) $(LIB_INC) -fsanitize=fuzzer,address,undefined -o $@ $< \
	    $(B)/src/exchange/xml.o $(B)/libkring.a $(LIBS) $(XML_LIBS)

# A passkey's answer (src/web/webauthn.c), built in with what kring-auth.so
# links.
$(B)/fuzz/fuzz_webauthn: tests/fuzz/fuzz_webauthn.c src/web/webauthn.c
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) $(AUTH_CFLAGS) -Isrc/web -Itests -fsanitize=fuzzer,address,undefined \
	    -o $@ tests/fuzz/fuzz_webauthn.c src/web/webauthn.c $(AUTH_LIBS)

fuzz-run: fuzz
	@tests/fuzz/run.sh build-fuzz/fuzz "$(FUZZ_SECONDS)" "$(FUZZ_RUNS)" $(FUZZERS)

bench:
	@scripts/deps.sh bench
	@$(MAKE) --no-print-directory build $(B)/bench/kring-gen
	@bench/one_case.sh 21 --strict
	@bench/person_add.sh
	@bench/parallel_add.sh --strict
	@bench/score_all.sh 5 --strict
	@$(MAKE) --no-print-directory $(B)/bench/kring-writers
	@scripts/postgresql.sh --durable bench/postgresql.sh 3 --strict
	@scripts/postgresql.sh --durable node bench/server_load.js --seconds 30
	@scripts/postgresql.sh --durable node bench/youth_phone.js --strict --seconds 20
	@bench/case_list.sh 3 --strict
	@scripts/postgresql.sh --durable bench/report.sh 3 --strict
	@bench/render.sh 41 --strict
	@bench/sheet.sh 21 --strict
	@node bench/serve_load.js --strict 30 20
	@cd tests/web && { [ -f node_modules/axe-core/axe.min.js ] || \
	    npm ci --no-audit --no-fund --loglevel=error >/dev/null; }
	@node bench/youth_page.js --strict 5
	@node bench/intake_drag.js --strict 30

fmt:
	clang-format -i $(LIB_SRC) $(CLI_SRC) $(WEB_SRC) $(MODULE_SRC) src/cli/main.c \
	    src/*/*.h src/store/*/*.h \
	    include/kring/*.h tests/*/*.c tests/*.h tests/*.c

fmt-check:
	clang-format --dry-run --Werror $(LIB_SRC) $(CLI_SRC) $(WEB_SRC) \
	    $(MODULE_SRC) src/cli/main.c \
	    src/*/*.h src/store/*/*.h include/kring/*.h

install: build
	install -d $(DESTDIR)$(BINDIR) $(DESTDIR)$(MODULEDIR)
	install -m 0755 kring $(DESTDIR)$(BINDIR)/kring
	install -m 0644 kring-graphviz.so $(DESTDIR)$(MODULEDIR)/kring-graphviz.so
	install -m 0644 kring-xml.so $(DESTDIR)$(MODULEDIR)/kring-xml.so
	install -m 0644 kring-http.so $(DESTDIR)$(MODULEDIR)/kring-http.so
	install -m 0644 kring-auth.so $(DESTDIR)$(MODULEDIR)/kring-auth.so
	install -m 0644 kring-oidc.so $(DESTDIR)$(MODULEDIR)/kring-oidc.so
	install -m 0644 kring-archive.so $(DESTDIR)$(MODULEDIR)/kring-archive.so
	install -d $(DESTDIR)$(MANDIR) $(DESTDIR)$(MANDIR_NL) $(DESTDIR)$(COMPLETIONDIR)
	install -m 0644 docs/kring.1 $(DESTDIR)$(MANDIR)/kring.1
	install -m 0644 docs/nl/kring.1 $(DESTDIR)$(MANDIR_NL)/kring.1
	install -m 0644 src/shell/kring.bash $(DESTDIR)$(COMPLETIONDIR)/kring
	install -d $(DESTDIR)$(DOCDIR)
	install -m 0644 $(ADMIN_DOCS) $(DESTDIR)$(DOCDIR)/
	for l in $(LANGS); do \
	    install -d $(DESTDIR)$(LOCALEDIR)/$$l/LC_MESSAGES && \
	    install -m 0644 $(B)/locale/$$l/LC_MESSAGES/kring.mo \
	        $(DESTDIR)$(LOCALEDIR)/$$l/LC_MESSAGES/kring.mo; done

uninstall:
	rm -f $(DESTDIR)$(BINDIR)/kring $(DESTDIR)$(MODULEDIR)/kring-graphviz.so \
	    $(DESTDIR)$(MODULEDIR)/kring-xml.so $(DESTDIR)$(MODULEDIR)/kring-http.so \
	    $(DESTDIR)$(MODULEDIR)/kring-auth.so $(DESTDIR)$(MODULEDIR)/kring-oidc.so \
	    $(DESTDIR)$(MODULEDIR)/kring-archive.so \
	    $(DESTDIR)$(MANDIR)/kring.1 $(DESTDIR)$(MANDIR_NL)/kring.1 \
	    $(DESTDIR)$(COMPLETIONDIR)/kring
	rm -f $(ADMIN_DOCS:docs/%=$(DESTDIR)$(DOCDIR)/%)
	-rmdir $(DESTDIR)$(DOCDIR) 2>/dev/null
	for l in $(LANGS); do rm -f $(DESTDIR)$(LOCALEDIR)/$$l/LC_MESSAGES/kring.mo; done
	-rmdir $(DESTDIR)$(MODULEDIR) 2>/dev/null

clean:
	rm -rf build build-san build-fuzz kring kring-graphviz.so kring-xml.so kring-http.so kring-auth.so \
	    kring-oidc.so kring-archive.so

-include $(shell find $(B) -name '*.d' 2>/dev/null)
