# Sophie — a plain Makefile.  Every module lists its own sources in a
# fragment under mk/ (explicit lists, no wildcards over sources); this file
# holds the flags, the generic rules and the targets a person types.
#
#   make            build everything (lib, responders, worker, sophiectl)
#   make deps       install missing Debian packages
#   make run / stop the whole suite on loopback with a demo clinic
#   make test       unit tests, then the integration suite
#   make SAN=1 test the same under ASan + UBSan
#   make test-ha    Patroni + etcd + pgbouncer failover test (not in test)
#   make test-systemd  the installed units under a real systemd (not in test)
#   make install    PREFIX=/usr/local DESTDIR=

PREFIX  ?= /usr/local
DESTDIR ?=
# PORT: the demo's loopback port (scripts/stack.sh: 8080, or the one kept
# in var/sophie.env); given here or in the environment, it wins.
CC      ?= cc

PKGS     = libpq libcurl json-c libjwt libsodium
PKG_CFLAGS := $(shell pkg-config --cflags $(PKGS) 2>/dev/null)
PKG_LIBS   := $(shell pkg-config --libs $(PKGS) 2>/dev/null)
CMOCKA_CFLAGS := $(shell pkg-config --cflags cmocka 2>/dev/null)
CMOCKA_LIBS   := $(shell pkg-config --libs cmocka 2>/dev/null)

WARN     = -std=c17 -Wall -Wextra -Werror -Wshadow -Wformat=2 \
           -Wstrict-prototypes -Wmissing-prototypes
DEFS     = -D_DEFAULT_SOURCE -D_GNU_SOURCE
ifeq ($(SAN),1)
B        = build-san
OPT      = -O1 -g -fno-omit-frame-pointer \
           -fsanitize=address,undefined -fno-sanitize-recover=undefined
SANLD    = -fsanitize=address,undefined
else
B        = build
OPT      = -O2 -g
SANLD    =
endif
CFLAGS  ?=
ALL_CFLAGS = $(WARN) $(DEFS) $(OPT) -Ilib $(PKG_CFLAGS) $(CFLAGS)
LDLIBS   = $(PKG_LIBS) -lfcgi -lcrypt -lm
LIB      = $(B)/libsophie.a

# `make` alone builds everything (a fragment's rule must not become the
# default goal).
.DEFAULT_GOAL := all

# Filled in by the fragments.
LIB_SRCS   =
RESPONDERS =
PROGRAMS   =
UNIT_TESTS =
FUZZERS    =

include $(sort $(wildcard mk/*.mk))

LIB_OBJS  = $(LIB_SRCS:%.c=$(B)/%.o)
RESP_BINS = $(RESPONDERS:%=$(B)/fcgi-bin/%)
PROG_BINS = $(PROGRAMS:%=$(B)/bin/%)
TEST_BINS = $(UNIT_TESTS:%=$(B)/tests/unit/%)

.SECONDARY:
.PHONY: all deps run stop test unit integration install clean fuzz bench \
        nlu-eval scenarios
all: $(LIB) $(RESP_BINS) $(PROG_BINS)

# V=1 shows the full commands.
ifeq ($(V),1)
Q =
say = @true
else
Q = @
say = @printf '  %-6s %s\n'
endif

$(B)/%.o: %.c
	@mkdir -p $(@D)
	$(say) CC $<
	$(Q)$(CC) $(ALL_CFLAGS) -MMD -MP -c $< -o $@

$(LIB): $(LIB_OBJS)
	@mkdir -p $(@D)
	$(say) AR $@
	$(Q)rm -f $@
	$(Q)ar rcs $@ $(LIB_OBJS)

$(B)/fcgi-bin/%: $(B)/fcgi-bin/%.o $(LIB)
	$(say) LD $@
	$(Q)$(CC) $(SANLD) -o $@ $< $(LIB) $(LDLIBS)

# The programs that understand messages also link the learned layer
# (fastText, C++): see mk/nlu.mk.
$(B)/bin/%: $(B)/bin/%.o $(LIB) $(FT_LIB)
	$(say) LD $@
	$(Q)$(CC) $(SANLD) -o $@ $< $(FT_LIB) $(LIB) $(LDLIBS) $(FT_LIBS)

$(B)/tests/unit/%.o: tests/unit/%.c
	@mkdir -p $(@D)
	$(say) CC $<
	$(Q)$(CC) $(ALL_CFLAGS) $(CMOCKA_CFLAGS) -MMD -MP -c $< -o $@

$(B)/tests/unit/%: $(B)/tests/unit/%.o $(LIB)
	$(say) LD $@
	$(Q)$(CC) $(SANLD) -o $@ $< $(LIB) $(LDLIBS) $(CMOCKA_LIBS)

-include $(LIB_OBJS:.o=.d) $(TEST_BINS:=.d) $(RESP_BINS:=.d) $(PROG_BINS:=.d)

deps:
	@scripts/deps.sh

unit: all $(TEST_BINS)

test: deps
	@$(MAKE) --no-print-directory unit
	@$(MAKE) --no-print-directory nlu-check
	@SAN=$(SAN) B=$(B) python3 tests/run.py $(TEST_BINS)

# High availability (docs/scaling.md): Patroni, etcd and pgbouncer are
# installed by deps-ha only; test-ha runs tests/ha/run.py (a few minutes,
# every wait bounded; the whole run killed after 15 minutes at most).
.PHONY: deps-ha test-ha
deps-ha: deps
	@scripts/ha-deps.sh

test-ha: deps-ha
	@$(MAKE) --no-print-directory all
	@SAN=$(SAN) B=$(B) timeout -k 30 900 python3 tests/ha/run.py

# The installed units under a real systemd (not in test; root only):
# tests/systemd/run.py boots systemd in its own namespaces over a Debian 12
# tree made once by debootstrap (var/systemd/root, kept), installs there
# and checks the units; the whole run killed after 30 minutes at most.
.PHONY: test-systemd
test-systemd: all
	@SAN=$(SAN) B=$(B) timeout -k 30 1800 python3 tests/systemd/run.py

# The scenarios being worked on (all of tests/scenarios/dev/) and the frozen
# held-out set: pass/fail counts and the invariants broken.
.PHONY: scenarios-dev scenarios-heldout
scenarios-dev: all
	@SAN=$(SAN) B=$(B) python3 tests/scenarios/run.py tests/scenarios/dev
scenarios-heldout: all
	@SAN=$(SAN) B=$(B) python3 tests/scenarios/run.py tests/scenarios/heldout

run: deps
	@$(MAKE) --no-print-directory all
	@B=$(B) $(if $(PORT),PORT=$(PORT)) scripts/stack.sh start var

stop:
	@scripts/stack.sh stop var

# install: the programs, sql/, templates/, the learned model, the systemd
# units rendered with PREFIX (into $(SYSTEMDDIR)), the nginx site's
# template with its renderer (sbin/sophie-nginx-site) and an example
# rendered from the example settings, and the commented settings file
# (share/sophie/sophie.env.example, and /etc/sophie/sophie.env.example
# when absent).  Nothing in /etc/sophie/sophie.env is ever overwritten.
SYSTEMDDIR ?= /etc/systemd/system
SHARE       = $(PREFIX)/share/sophie
UNITS_IN    = sophie-webhook sophie-admin sophie-superadmin sophie-oauth \
              sophie-worker sophie-backup
SUBST       = sed -e 's|@PREFIX@|$(PREFIX)|g' \
              -e 's|@SITE_TEMPLATE@|$(SHARE)/nginx/sophie-site.conf.in|g'

install: all
	install -d $(DESTDIR)$(PREFIX)/lib/sophie/fcgi-bin $(DESTDIR)$(PREFIX)/bin \
	    $(DESTDIR)$(PREFIX)/sbin $(DESTDIR)$(SHARE)/sql \
	    $(DESTDIR)$(SHARE)/templates $(DESTDIR)$(SHARE)/nginx \
	    $(DESTDIR)$(SHARE)/systemd $(DESTDIR)$(SHARE)/nlu \
	    $(DESTDIR)$(SYSTEMDDIR) $(DESTDIR)/etc/sophie
	install -m 0755 $(RESP_BINS) $(DESTDIR)$(PREFIX)/lib/sophie/fcgi-bin/
	install -m 0755 $(PROG_BINS) $(DESTDIR)$(PREFIX)/bin/
	install -m 0644 sql/*.sql $(DESTDIR)$(SHARE)/sql/
	cp -R templates/. $(DESTDIR)$(SHARE)/templates/
	install -m 0644 $(FT_MODEL) $(DESTDIR)$(SHARE)/nlu/
	$(SUBST) etc/sophie.env.example.in > $(DESTDIR)$(SHARE)/sophie.env.example
	chmod 0644 $(DESTDIR)$(SHARE)/sophie.env.example
	[ -e $(DESTDIR)/etc/sophie/sophie.env.example ] || \
	    install -m 0644 $(DESTDIR)$(SHARE)/sophie.env.example \
	    $(DESTDIR)/etc/sophie/sophie.env.example
	for u in $(UNITS_IN); do \
	    $(SUBST) systemd/$$u.service.in > $(DESTDIR)$(SHARE)/systemd/$$u.service && \
	    install -m 0644 $(DESTDIR)$(SHARE)/systemd/$$u.service \
	    $(DESTDIR)$(SYSTEMDDIR)/ || exit 1; \
	done
	install -m 0644 systemd/sophie.target $(DESTDIR)$(SHARE)/systemd/
	install -m 0644 systemd/sophie.target $(DESTDIR)$(SYSTEMDDIR)/
	install -m 0644 systemd/sophie-backup.timer $(DESTDIR)$(SHARE)/systemd/
	install -m 0644 systemd/sophie-backup.timer $(DESTDIR)$(SYSTEMDDIR)/
	install -m 0644 systemd/postgresql-malloc.conf $(DESTDIR)$(SHARE)/systemd/
	install -m 0644 nginx/sophie-site.conf.in $(DESTDIR)$(SHARE)/nginx/
	$(SUBST) scripts/sophie-nginx-site.sh > $(DESTDIR)$(PREFIX)/sbin/sophie-nginx-site
	chmod 0755 $(DESTDIR)$(PREFIX)/sbin/sophie-nginx-site
	scripts/sophie-nginx-site.sh -n -t nginx/sophie-site.conf.in \
	    -e $(DESTDIR)$(SHARE)/sophie.env.example \
	    -o $(DESTDIR)$(SHARE)/nginx/sophie-site.conf.example

# Every fuzz target, each for a bounded time (FUZZ_TIME seconds; mk/fuzz.mk).
fuzz: $(FUZZERS:%=fuzz-%)

clean:
	rm -rf build build-san build-fuzz
