# tradewire - see README.md. `make run` and `make test` are the two commands a newcomer needs.

BUILD    ?= build
PREFIX   ?= /usr/local
PORT     ?= 8080
DB       ?= data/tradewire.db
CC       ?= cc
SANITIZE ?=
FUZZ_SECONDS ?= 60

PKGS     := libmicrohttpd jansson sqlite3 libcurl
# Debian packages the build, the tests and the benchmarks need (checked by `make deps`).
DEB_PKGS := gcc libc6-dev make pkg-config libmicrohttpd-dev libjansson-dev libsqlite3-dev check \
            libsubunit-dev libcurl4-openssl-dev libxml2-dev python3 curl
# npm only when missing: NodeSource's nodejs ships it and conflicts with Debian's npm package.
DEB_NODE  := nodejs $(if $(shell command -v npm 2>/dev/null),,npm)
DEB_BENCH := wrk $(DEB_NODE)
DEB_FUZZ  := clang libclang-rt-14-dev
# The browser test and the OpenAPI lint (tests/e2e, run by `make test`).
DEB_E2E   := chromium $(DEB_NODE)

WARN     := -Wall -Wextra -Werror -Wshadow -Wstrict-prototypes -Wmissing-prototypes \
            -Wpointer-arith -Wcast-qual -Wformat=2
OPT      ?= -O2
CFLAGS   ?= $(OPT) -g
CPPFLAGS += -D_GNU_SOURCE -Itests/unit -Itests/support -Iserver -Iserver/annotate -Ihandlers -I$(BUILD)/gen
ALLFLAGS  = -std=c17 $(WARN) $(CFLAGS) $(CPPFLAGS) $(SANITIZE) -MMD -MP \
            $(shell pkg-config --cflags $(PKGS) libxml-2.0 2>/dev/null)
LDLIBS   := $(shell pkg-config --libs $(PKGS) libxml-2.0 2>/dev/null) -lpthread -lm
TEST_LIBS = $(shell pkg-config --libs check libcurl 2>/dev/null)

LIB_SRC   := $(filter-out server/main.c,$(wildcard server/*.c server/annotate/*.c handlers/*.c))
LIB_OBJ   := $(LIB_SRC:%.c=$(BUILD)/%.o) $(BUILD)/gen/embedded_data.o
EMBED_IN  := $(sort $(wildcard schema/*.sql server/annotate/lexicons/*.tsv web/*.html web/*.css web/*.js web/*.svg openapi.json))
UNIT_SRC  := $(wildcard tests/unit/*.c) $(wildcard tests/support/*.c)
INTEG_SRC := $(wildcard tests/integration/*.c) $(wildcard tests/support/*.c)

.PHONY: all deps deps-build deps-bench deps-fuzz run test unit integration webhooks-node e2e openapi-lint eval asan fuzz bench \
        install clean format

all: $(BUILD)/tradewire

# ---- system packages: installs only what is missing; sudo only when not root ----
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
define apt_install
	@missing=$$(for p in $(1); do dpkg-query -W -f='$${Status}\n' $$p 2>/dev/null | grep -q '^install ok installed' || echo $$p; done); \
	if [ -n "$$missing" ]; then \
	  echo "installing: $$missing"; \
	  $(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get update -qq && \
	  $(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $$missing; \
	fi
endef

# What building and the C tests need (the Docker image's build stage uses this alone).
deps-build:
	$(call apt_install,$(DEB_PKGS))

deps: deps-build
	$(call apt_install,$(DEB_E2E))

deps-bench: deps
	$(call apt_install,$(DEB_BENCH))

deps-fuzz: deps
	$(call apt_install,$(DEB_FUZZ))

# ---- build ----
$(BUILD)/tools/embed: tools/embed.c
	@mkdir -p $(dir $@)
	$(CC) -std=c17 $(WARN) -O2 -o $@ $<

$(BUILD)/gen/embedded_data.c: $(BUILD)/tools/embed $(EMBED_IN)
	@mkdir -p $(dir $@)
	$(BUILD)/tools/embed $@ $(EMBED_IN)

$(BUILD)/gen/embedded_data.o: $(BUILD)/gen/embedded_data.c
	$(CC) -std=c17 $(CFLAGS) $(CPPFLAGS) $(SANITIZE) -c -o $@ $<

$(BUILD)/%.o: %.c
	@mkdir -p $(dir $@)
	@echo "CC $<"
	@$(CC) $(ALLFLAGS) -c -o $@ $<

$(BUILD)/libtradewire.a: $(LIB_OBJ)
	@rm -f $@
	ar rcs $@ $^

$(BUILD)/tradewire: $(BUILD)/server/main.o $(BUILD)/libtradewire.a
	$(CC) $(SANITIZE) -o $@ $^ $(LDLIBS)

$(BUILD)/tests/unit_tests: $(UNIT_SRC:%.c=$(BUILD)/%.o) $(BUILD)/libtradewire.a
	$(CC) $(SANITIZE) -o $@ $^ $(LDLIBS) $(TEST_LIBS)

$(BUILD)/tests/integration_tests: $(INTEG_SRC:%.c=$(BUILD)/%.o) $(BUILD)/libtradewire.a
	$(CC) $(SANITIZE) -o $@ $^ $(LDLIBS) $(TEST_LIBS)

# ---- run and test ----
run: deps
	@$(MAKE) --no-print-directory all
	@mkdir -p $(dir $(DB))
	$(BUILD)/tradewire serve --port $(PORT) --db $(DB)

test: deps
	@$(MAKE) --no-print-directory unit integration webhooks-node e2e openapi-lint eval

unit: $(BUILD)/tests/unit_tests
	$(BUILD)/tests/unit_tests

integration: $(BUILD)/tradewire $(BUILD)/tests/integration_tests
	TRADEWIRE_BIN=$(BUILD)/tradewire $(BUILD)/tests/integration_tests

# Webhooks against the npm standardwebhooks reference implementation (tests/webhooks, node --test).
webhooks-node: $(BUILD)/tradewire
	TRADEWIRE_BIN=$(BUILD)/tradewire tests/webhooks/run.sh

# The dashboard in headless Chromium and every endpoint's answers against openapi.json's schemas.
e2e: $(BUILD)/tradewire
	TRADEWIRE_BIN=$(BUILD)/tradewire tests/e2e/run.sh

openapi-lint:
	tests/e2e/openapi_lint.sh

# Scores the engine on ../shared/eval/dev (or the seed alone when that folder is absent).
eval: $(BUILD)/tradewire
	TRADEWIRE_BIN=$(BUILD)/tradewire tests/eval/run_eval.sh

asan: deps
	@$(MAKE) --no-print-directory BUILD=build-asan OPT=-O1 \
	  SANITIZE="-fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=undefined" \
	  unit integration eval

fuzz: deps-fuzz
	@tests/fuzz/run_fuzz.sh $(FUZZ_SECONDS)
	@FUZZ_TARGET=search tests/fuzz/run_fuzz.sh $(FUZZ_SECONDS)

bench: deps-bench all bench-service
	bench/run_all.sh

# ---- benchmarks of the service (bench/ingest, bench/query) ----
BENCH_BIN := $(BUILD)/bench/ingest $(BUILD)/bench/ref_server
.PHONY: bench-service
bench-service: $(BUILD)/tradewire $(BENCH_BIN)

$(BUILD)/bench/ingest: bench/ingest.c
	@mkdir -p $(dir $@)
	$(CC) $(ALLFLAGS) -o $@ $< $(shell pkg-config --libs libcurl jansson 2>/dev/null)

$(BUILD)/bench/ref_server: bench/ref_server.c
	@mkdir -p $(dir $@)
	$(CC) $(ALLFLAGS) -o $@ $< $(shell pkg-config --libs libmicrohttpd 2>/dev/null) -lpthread


# ---- engine tooling (eval scorer, corpus sweep, bench/annotate) ----
# tests/eval/ann_check.c is the engine's output contract, shared by the scorer's --shape check,
# the unit tests (check_annotate.c) and the fuzzer (tests/fuzz/run_fuzz.sh builds its own).
$(BUILD)/tests/score: $(BUILD)/tests/eval/score.o $(BUILD)/tests/eval/ann_check.o $(BUILD)/libtradewire.a
	$(CC) $(SANITIZE) -o $@ $^ $(LDLIBS)

$(BUILD)/tests/sweep: $(BUILD)/tests/eval/sweep.o $(BUILD)/tests/eval/ann_check.o $(BUILD)/libtradewire.a
	$(CC) $(SANITIZE) -o $@ $^ $(LDLIBS)

# (Linked after libtradewire.a; the buf and mem objects it needs come in with check_annotate.o.)
$(BUILD)/tests/unit_tests: $(BUILD)/tests/eval/ann_check.o

$(BUILD)/bench/annotate_bench: $(BUILD)/bench/annotate_bench.o $(BUILD)/libtradewire.a
	$(CC) $(SANITIZE) -o $@ $^ $(LDLIBS)

eval: $(BUILD)/tests/score $(BUILD)/tests/sweep
eval: export SCORE_BIN = $(BUILD)/tests/score
eval: export SWEEP_BIN = $(BUILD)/tests/sweep
bench: $(BUILD)/bench/annotate_bench
bench: export ANNOTATE_BENCH_BIN = $(BUILD)/bench/annotate_bench

# ---- query archive (bench/archive_build) ----
# `make query-archive` builds a 100,000-article annotated archive at ARCHIVE for the query
# benchmarks; `make query-measure` times the db_query.h functions on it.
ARCHIVE ?= data/archive.db
.PHONY: query-archive query-measure
$(BUILD)/bench/archive_build: $(BUILD)/bench/archive_build.o $(BUILD)/libtradewire.a
	$(CC) $(SANITIZE) -o $@ $^ $(LDLIBS)

query-archive: $(BUILD)/bench/archive_build
	@mkdir -p $(dir $(ARCHIVE))
	$(BUILD)/bench/archive_build build $(ARCHIVE)

query-measure: $(BUILD)/bench/archive_build
	$(BUILD)/bench/archive_build measure $(ARCHIVE)

install: all
	install -d $(DESTDIR)$(PREFIX)/bin $(DESTDIR)$(PREFIX)/share/tradewire/schema
	install -m 0755 $(BUILD)/tradewire $(DESTDIR)$(PREFIX)/bin/tradewire
	install -m 0644 schema/*.sql $(DESTDIR)$(PREFIX)/share/tradewire/schema/

format:
	clang-format -i $$(git ls-files '*.c' '*.h')

clean:
	rm -rf build build-*

-include $(shell find $(BUILD) -name '*.d' 2>/dev/null)
