# concord -- build, test, run.
#
#   make run     open the REPL (or run examples/tour.cq without a terminal)
#   make test    build everything and run every test
#
# Both install missing build tools first (apt-get; as root or through sudo).
# Each compiler gets its own build folder, so `make CC=clang test` after
# `make test` rebuilds everything with clang.  Generated sources (parser,
# scanner, the built-in corpus) are written to the build folder only.

CC      ?= cc
BUILD   ?= build/$(notdir $(CC))
GEN     := $(BUILD)/gen
CFLAGS  ?= -O2 -g
WARN    := -Wall -Wextra -Werror -Wshadow -Wstrict-prototypes \
           -Wmissing-prototypes -Wpointer-arith -Wvla
STD     := -std=c11 -D_POSIX_C_SOURCE=200809L
CPPFLAGS_ALL := -Isrc -I$(GEN)
ALL_CFLAGS = $(STD) $(WARN) $(CFLAGS) $(CPPFLAGS_ALL) $(EXTRA_CFLAGS)
# Generated code follows flex's and Bison's habits, not ours.
GEN_CFLAGS = $(STD) -Wall -Wextra -Werror -Wno-unused-function \
             -Wno-sign-compare -Wno-unused-parameter $(CFLAGS) \
             $(CPPFLAGS_ALL) $(EXTRA_CFLAGS)
LDLIBS_ALL = $(LDLIBS) $(EXTRA_LDFLAGS)

# Looked up when used, after the dependencies are installed.  The program
# is compiled with libedit's header but not linked with it: the REPL loads
# it (src/cli/edit.c), so -c and scripts never pay for loading it.
# dlopen() is in libc from glibc 2.34 on, where libdl.a is empty and -ldl
# adds nothing; before, -ldl links libdl.so.
EDIT_CFLAGS  = $(shell pkg-config --cflags libedit 2>/dev/null)
DL_LIBS      = -ldl
CMOCKA_LIBS  = $(shell pkg-config --libs cmocka 2>/dev/null || echo -lcmocka)

LIB_SRC   := $(wildcard src/*.c)
LIB_OBJ   := $(patsubst src/%.c,$(BUILD)/obj/%.o,$(LIB_SRC)) \
             $(BUILD)/obj/parser.o $(BUILD)/obj/lexer.o \
             $(BUILD)/obj/corpus_builtin.o $(BUILD)/obj/stdlib_builtin.o
CLI_SRC   := $(wildcard src/cli/*.c)
CLI_OBJ   := $(patsubst src/cli/%.c,$(BUILD)/obj/cli/%.o,$(CLI_SRC))
LIB       := $(BUILD)/libconcord.a
CONCORD   := $(BUILD)/concord
CORPUS    := $(sort $(wildcard corpus/*.tsv))
STDLIB    := $(sort $(wildcard stdlib/*.cq))
UNIT_SRC  := $(wildcard tests/unit/test_*.c)
UNIT_BIN  := $(patsubst tests/unit/%.c,$(BUILD)/tests/%,$(UNIT_SRC))
DEPS_OK   := $(BUILD)/.deps-ok

.PHONY: all run test unit golden doctest clitest layertest exporttest \
        termtest oracletest deps \
        clean
.DELETE_ON_ERROR:

all: $(CONCORD)

# ---- build tools -----------------------------------------------------------
# Installs what a fresh Debian machine lacks, once per build folder.
deps: $(DEPS_OK)
$(DEPS_OK):
	@missing=""; \
	command -v flex >/dev/null 2>&1 || missing="$$missing flex"; \
	command -v bison >/dev/null 2>&1 || missing="$$missing bison"; \
	command -v pkg-config >/dev/null 2>&1 || missing="$$missing pkg-config"; \
	command -v python3 >/dev/null 2>&1 || missing="$$missing python3"; \
	command -v script >/dev/null 2>&1 || missing="$$missing bsdutils"; \
	command -v zsh >/dev/null 2>&1 || missing="$$missing zsh"; \
	command -v less >/dev/null 2>&1 || missing="$$missing less"; \
	command -v $(CC) >/dev/null 2>&1 || missing="$$missing $(notdir $(CC))"; \
	[ -f /usr/include/cmocka.h ] || missing="$$missing libcmocka-dev"; \
	[ -f /usr/include/histedit.h ] || missing="$$missing libedit-dev"; \
	python3 -c 'import jsonschema' >/dev/null 2>&1 || \
	  missing="$$missing python3-jsonschema"; \
	python3 -c 'import yaml' >/dev/null 2>&1 || missing="$$missing python3-yaml"; \
	$(APT_INSTALL)
	@mkdir -p $(BUILD) && touch $@

# Installs the Debian packages named in the shell variable $$missing (as
# root or through sudo); shared by every rule that installs tools.
APT_INSTALL = if [ -n "$$missing" ]; then \
	  echo "installing build tools:$$missing"; \
	  if [ "$$(id -u)" = 0 ]; then sudo=""; \
	  elif command -v sudo >/dev/null 2>&1; then sudo="sudo"; \
	  else echo "concord: need root or sudo to install:$$missing" >&2; exit 1; fi; \
	  export DEBIAN_FRONTEND=noninteractive; \
	  $$sudo apt-get install -y -q $$missing >/dev/null 2>&1 || \
	  { $$sudo apt-get update -q && $$sudo apt-get install -y -q $$missing; } \
	  || exit 1; \
	fi

# ---- generated sources -----------------------------------------------------
# Grouped targets (&:): one run makes both files, so `make -j` never runs
# bison (or flex) twice at once, each overwriting the other's output.
$(GEN)/parser.c $(GEN)/parser.h &: grammar/parser.y | $(DEPS_OK)
	@mkdir -p $(GEN)
	bison -Wall -Werror --defines=$(GEN)/parser.h -o $(GEN)/parser.c $<

$(GEN)/lexer.c $(GEN)/lexer.h &: grammar/lexer.l | $(DEPS_OK)
	@mkdir -p $(GEN)
	flex --header-file=$(GEN)/lexer.h -o $(GEN)/lexer.c $<

$(BUILD)/embed: src/tools/embed.c | $(DEPS_OK)
	@mkdir -p $(BUILD)
	$(CC) $(STD) $(WARN) $(CFLAGS) -o $@ $<

# ---- compiled image: the built-in corpus ------------------------------------
# The library's built-in corpus is a compiled image (src/image.h), so opening
# it parses nothing.  compile_image is linked from just the library objects it
# needs -- never from corpus_builtin.o, which it helps make -- and compiles
# corpus/ into $(GEN)/corpus.img; embed writes that image (and the TSV files,
# for tests and fuzzers) as C arrays.
IMAGE_TOOL_OBJ := $(addprefix $(BUILD)/obj/,corpus.o graph_build.o graph.o \
                    image.o mapping.o json.o export.o output.o table.o \
                    alloc.o arena.o buf.o error.o out.o suggest.o text.o \
                    width.o file.o trigram.o tick.o)

$(BUILD)/compile_image: src/tools/compile_image.c $(IMAGE_TOOL_OBJ) \
                        | $(DEPS_OK)
	$(CC) $(STD) $(WARN) $(CFLAGS) $(CPPFLAGS_ALL) $(EXTRA_CFLAGS) -o $@ $< \
	  $(IMAGE_TOOL_OBJ) $(LDLIBS_ALL)

$(GEN)/corpus.img: $(BUILD)/compile_image $(CORPUS)
	@mkdir -p $(GEN)
	$(BUILD)/compile_image corpus $@

$(GEN)/corpus_builtin.c: $(BUILD)/embed $(GEN)/corpus.img $(CORPUS)
	@mkdir -p $(GEN)
	$(BUILD)/embed --image $(GEN)/corpus.img $(CORPUS) > $@

# ---- the standard library, embedded -------------------------------------------
# stdlib/*.cq is loaded when a handle opens, so it travels inside the library.
$(BUILD)/embed_text: src/tools/embed_text.c | $(DEPS_OK)
	@mkdir -p $(BUILD)
	$(CC) $(STD) $(WARN) $(CFLAGS) -o $@ $<

$(GEN)/stdlib_builtin.c: $(BUILD)/embed_text $(STDLIB)
	@mkdir -p $(GEN)
	$(BUILD)/embed_text cq_builtin_stdlib stdlib $(STDLIB) > $@

$(BUILD)/obj/stdlib_builtin.o: $(GEN)/stdlib_builtin.c
	@mkdir -p $(@D)
	$(CC) $(GEN_CFLAGS) -c -o $@ $<

# ---- library and program ---------------------------------------------------
# -MMD: the scanner and parser include src/ headers (keywords.h) too.
$(BUILD)/obj/parser.o: $(GEN)/parser.c $(GEN)/lexer.h
	@mkdir -p $(@D)
	$(CC) $(GEN_CFLAGS) -MMD -MP -c -o $@ $<
$(BUILD)/obj/lexer.o: $(GEN)/lexer.c $(GEN)/parser.h
	@mkdir -p $(@D)
	$(CC) $(GEN_CFLAGS) -MMD -MP -c -o $@ $<
$(BUILD)/obj/corpus_builtin.o: $(GEN)/corpus_builtin.c
	@mkdir -p $(@D)
	$(CC) $(GEN_CFLAGS) -c -o $@ $<

# Every library source may include the generated headers.
$(BUILD)/obj/%.o: src/%.c | $(GEN)/parser.h $(GEN)/lexer.h $(DEPS_OK)
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) -MMD -MP -c -o $@ $<

$(BUILD)/obj/cli/%.o: src/cli/%.c | $(DEPS_OK)
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) $(EDIT_CFLAGS) -MMD -MP -c -o $@ $<

$(LIB): $(LIB_OBJ)
	@rm -f $@
	ar rcs $@ $^

$(CONCORD): $(CLI_OBJ) $(LIB)
	$(CC) $(CFLAGS) $(EXTRA_CFLAGS) -o $@ $(CLI_OBJ) $(LIB) $(DL_LIBS) \
	  $(LDLIBS_ALL)

-include $(wildcard $(BUILD)/obj/*.d $(BUILD)/obj/cli/*.d $(BUILD)/tests/*.d \
                   $(BUILD)/tests/lib/*.d)

# ---- tests -----------------------------------------------------------------
# The unit tests' shared helpers (tests/lib): unit.o uses the public API
# only, so the tests on the shared library link it too; unit_graph.o uses
# the library's internals.
UNIT_LIB       := $(BUILD)/tests/lib/unit.o
UNIT_LIB_GRAPH := $(BUILD)/tests/lib/unit_graph.o
.SECONDARY: $(UNIT_LIB) $(UNIT_LIB_GRAPH) # made by a pattern rule: kept

$(BUILD)/tests/lib/%.o: tests/lib/%.c | $(GEN)/parser.h $(DEPS_OK)
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) -Itests/lib -MMD -MP -c -o $@ $<

$(BUILD)/tests/test_%: tests/unit/test_%.c $(LIB) $(UNIT_LIB) \
                       $(UNIT_LIB_GRAPH) | $(DEPS_OK)
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) -Wno-missing-prototypes -Itests/unit -Itests/lib \
	  -MMD -MP -o $@ $< $(UNIT_LIB) $(UNIT_LIB_GRAPH) $(LIB) \
	  $(CMOCKA_LIBS) $(LDLIBS_ALL)

# test_limits interrupts a statement from a second thread; test_threads
# runs handles in eight.
THREAD_TESTS := $(BUILD)/tests/test_limits $(BUILD)/tests/test_threads
$(THREAD_TESTS): private ALL_CFLAGS += -pthread
$(THREAD_TESTS): private LDLIBS += -pthread

# test_trigram runs the benchmark's generator (bench/gen.c) for its Q6
# instances.
$(BUILD)/tests/test_trigram: $(BUILD)/bench/gen
$(BUILD)/tests/test_trigram: private ALL_CFLAGS += \
  -DCQ_BENCH_GEN='"$(BUILD)/bench/gen"'

unit: $(UNIT_BIN)
	@fail=0; for t in $(UNIT_BIN); do \
	  LC_ALL=C CONCORD_TEST_DATA=tests/data $$t || fail=1; \
	done; exit $$fail

golden: $(CONCORD)
	@LC_ALL=C tests/golden/run.sh $(CONCORD)

doctest: $(CONCORD)
	@LC_ALL=C tests/doc/run.sh $(CONCORD) README.md
	@LC_ALL=C tests/doc/run.sh $(CONCORD) docs/language.md

clitest: $(CONCORD)
	@LC_ALL=C tests/cli/run.sh $(CONCORD)

# Corpus layers from the command line, and the generated edges of corpus/
# (corpus/tools/hls-edges.py) up to date with the clauses they come from.
layertest: $(CONCORD)
	@LC_ALL=C tests/layers/run.sh $(CONCORD)
	@python3 corpus/tools/hls-edges.py --check corpus

# The corpus by content (tests/corpus/run.sh): every clause 22301 and 55001
# add and every 27001:2022 control has a content row or a `none`; sources
# and annex labels an auditor can follow; `check` finds no contradiction.
.PHONY: corpustest
corpustest: $(CONCORD)
	@LC_ALL=C tests/corpus/run.sh $(CONCORD)
test: corpustest

# Exports as other tools read them (issue 16): OSCAL against NIST's mapping
# schema and SSSOM against its LinkML schema (tests/schema), then the
# command line's conventions (tests/cli/export.sh).
exporttest: $(CONCORD)
	@LC_ALL=C python3 tests/schema/check_exports.py $(CONCORD)
	@LC_ALL=C tests/cli/export.sh $(CONCORD)

# Results on a terminal (a pseudo-terminal from script(1)): fitted tables
# at 80 and 160 columns, records, colour, the pager, Tab completion; and
# Ctrl-C in the REPL during a long sort (a pty from python3).
termtest: $(CONCORD)
	@LC_ALL=C tests/term/run.sh $(CONCORD)
	@LC_ALL=C python3 tests/term/interrupt.py $(CONCORD)

# Answers checked against an oracle that reads corpus/*.tsv by itself
# (tests/oracle/gap.awk), not through concord.
oracletest: $(CONCORD)
	@LC_ALL=C tests/oracle/run.sh $(CONCORD)

# The library's modules include each other in layers, never in a loop, and
# the program includes only concord.h (tests/modules/cycles.py; `python3
# tests/modules/cycles.py --order` lists the layers).
.PHONY: moduletest
test: moduletest
moduletest: $(LIB) $(CONCORD) | $(DEPS_OK)
	@LC_ALL=C CC='$(CC)' tests/modules/run.sh $(BUILD)/obj

test: unit golden doctest clitest layertest exporttest termtest \
      oracletest
	@echo "all tests passed ($(notdir $(CC)))"

# ---- shared library, examples, install -------------------------------------
# libconcord.so exports the concord_* functions and nothing else: the library
# objects are compiled -fPIC -fvisibility=hidden (concord.h marks the public
# calls CONCORD_API) and linked with the export list src/concord.map.  The
# concord program links the static library; the examples, the Python binding,
# test_api and test_quiet link the shared one, so the tests exercise it.
VERSION     := $(shell sed -n 's/^.define CONCORD_VERSION "\([^"]*\)".*/\1/p' \
                 src/concord.h)
SOMAJOR     := 0
SONAME      := libconcord.so.$(SOMAJOR)
SHLIB       := $(BUILD)/libconcord.so.$(VERSION)
SHLIB_LINKS := $(BUILD)/$(SONAME) $(BUILD)/libconcord.so
SHLIB_FLAGS := -fPIC -fvisibility=hidden
EXAMPLES    := $(BUILD)/examples/embed $(BUILD)/examples/report
SHARED_UNIT := $(BUILD)/tests/test_api $(BUILD)/tests/test_quiet
STDLIB      := $(sort $(wildcard stdlib/*.cq))

# Where `make install` puts things; DESTDIR stages the whole tree elsewhere.
PREFIX       ?= /usr/local
BINDIR       ?= $(PREFIX)/bin
LIBDIR       ?= $(PREFIX)/lib
INCLUDEDIR   ?= $(PREFIX)/include
DATAROOTDIR  ?= $(PREFIX)/share
MANDIR       ?= $(DATAROOTDIR)/man
PKGCONFIGDIR ?= $(LIBDIR)/pkgconfig
STDLIBDIR    ?= $(DATAROOTDIR)/concord/stdlib
BASHCOMPDIR  ?= $(DATAROOTDIR)/bash-completion/completions
ZSHCOMPDIR   ?= $(DATAROOTDIR)/zsh/site-functions
INSTALL      ?= install

# concord.pc names its folders from ${prefix} when they lie under PREFIX,
# so `pkg-config --define-prefix` can move a staged install.
pc_dir = $(patsubst $(PREFIX)/%,$${prefix}/%,$(1))

# One man page per public call (concord_prepare(3), ...), made from the
# comments of src/concord.h by src/tools/manpages.py: the pages cannot
# drift from the header.  docs/concord.3 stays the overview.
LP := (
RP := )
MAN3_NAMES := $(shell sed -n \
  's/^CONCORD_API[^$(LP)]*[ *]\$(LP)concord_[a-z0-9_]*\$(RP)$(LP).*/\1/p' \
  src/concord.h)
MAN3_DIR   := $(BUILD)/man/man3
MAN3_PAGES := $(MAN3_NAMES:%=$(MAN3_DIR)/%.3)

$(MAN3_PAGES) &: src/concord.h src/tools/manpages.py | $(DEPS_OK)
	@rm -rf $(MAN3_DIR)
	@python3 src/tools/manpages.py src/concord.h $(MAN3_DIR) $(VERSION) \
	  >/dev/null

all: $(MAN3_PAGES)

.PHONY: libtest libtest-deps symtest exampletest installtest install \
        uninstall

all: $(SHLIB_LINKS)
test: libtest

# Appended for the library's objects only (and what they are built from).
$(LIB_OBJ): ALL_CFLAGS += $(SHLIB_FLAGS)
$(LIB_OBJ): GEN_CFLAGS += $(SHLIB_FLAGS)

$(SHLIB): $(LIB_OBJ) src/concord.map
	$(CC) -shared $(CFLAGS) $(EXTRA_CFLAGS) -Wl,-soname,$(SONAME) \
	  -Wl,--version-script=src/concord.map -o $@ $(LIB_OBJ) $(LDLIBS_ALL)

$(SHLIB_LINKS): $(SHLIB)
	ln -sf $(notdir $(SHLIB)) $@

# Programs of the shared library find it beside them (or one folder up).
$(EXAMPLES): $(BUILD)/examples/%: examples/%.c $(SHLIB_LINKS) | $(DEPS_OK)
	@mkdir -p $(@D)
	$(CC) $(STD) $(WARN) $(CFLAGS) $(EXTRA_CFLAGS) -Isrc -o $@ $< \
	  -L$(BUILD) -lconcord -Wl,-rpath,'$$ORIGIN/..' $(LDLIBS_ALL)

$(SHARED_UNIT): $(BUILD)/tests/%: tests/unit/%.c $(SHLIB_LINKS) $(UNIT_LIB) \
                | $(DEPS_OK)
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) -Wno-missing-prototypes -Itests/unit -Itests/lib \
	  -MMD -MP -o $@ $< $(UNIT_LIB) -L$(BUILD) -lconcord \
	  -Wl,-rpath,'$$ORIGIN/..' $(CMOCKA_LIBS) $(LDLIBS_ALL)

# The program uses only the public API: its objects link against the shared
# library, which exports nothing else.
$(BUILD)/tests/concord-shared: $(CLI_OBJ) $(SHLIB_LINKS)
	@mkdir -p $(@D)
	$(CC) $(CFLAGS) $(EXTRA_CFLAGS) -o $@ $(CLI_OBJ) -L$(BUILD) -lconcord \
	  -Wl,-rpath,'$$ORIGIN/..' $(DL_LIBS) $(LDLIBS_ALL)

# What the library's tests run besides the build tools; installed when
# missing, as the build tools are.
libtest-deps:
	$(call need,nm:binutils readelf:binutils objdump:binutils man:man-db \
	  groff:groff-base)

symtest: $(SHLIB_LINKS) $(BUILD)/tests/concord-shared | libtest-deps
	@LC_ALL=C tests/lib/symbols.sh $(SHLIB) $(SONAME)
	@$(BUILD)/tests/concord-shared -c 'show 20000-1:8.5.1' | \
	  grep -q 'Change management' || \
	  { echo "symbols: concord on libconcord.so failed" >&2; exit 1; }

exampletest: $(EXAMPLES) $(SHLIB_LINKS) | libtest-deps
	@LC_ALL=C tests/lib/examples.sh $(BUILD)

installtest: $(CONCORD) $(LIB) $(SHLIB_LINKS) | libtest-deps
	@LC_ALL=C MAKE="$(MAKE)" CC="$(CC)" BUILD="$(BUILD)" \
	  TEST_CFLAGS="$(CFLAGS) $(EXTRA_CFLAGS)" tests/install/run.sh

libtest: symtest exampletest installtest

install: $(CONCORD) $(LIB) $(SHLIB) $(MAN3_PAGES)
	$(INSTALL) -d $(DESTDIR)$(BINDIR) $(DESTDIR)$(LIBDIR) \
	  $(DESTDIR)$(PKGCONFIGDIR) $(DESTDIR)$(INCLUDEDIR) \
	  $(DESTDIR)$(MANDIR)/man1 $(DESTDIR)$(MANDIR)/man3 $(DESTDIR)$(STDLIBDIR) \
	  $(DESTDIR)$(BASHCOMPDIR) $(DESTDIR)$(ZSHCOMPDIR)
	$(INSTALL) -m 755 $(CONCORD) $(DESTDIR)$(BINDIR)/concord
	$(INSTALL) -m 644 $(LIB) $(DESTDIR)$(LIBDIR)/libconcord.a
	$(INSTALL) -m 755 $(SHLIB) $(DESTDIR)$(LIBDIR)/$(notdir $(SHLIB))
	ln -sf $(notdir $(SHLIB)) $(DESTDIR)$(LIBDIR)/$(SONAME)
	ln -sf $(SONAME) $(DESTDIR)$(LIBDIR)/libconcord.so
	$(INSTALL) -m 644 src/concord.h $(DESTDIR)$(INCLUDEDIR)/concord.h
	sed -e 's|@PREFIX@|$(PREFIX)|g' \
	  -e 's|@LIBDIR@|$(call pc_dir,$(LIBDIR))|g' \
	  -e 's|@INCLUDEDIR@|$(call pc_dir,$(INCLUDEDIR))|g' \
	  -e 's|@DATAROOTDIR@|$(call pc_dir,$(DATAROOTDIR))|g' \
	  -e 's|@VERSION@|$(VERSION)|g' \
	  src/concord.pc.in > $(DESTDIR)$(PKGCONFIGDIR)/concord.pc
	$(INSTALL) -m 644 docs/concord.1 $(DESTDIR)$(MANDIR)/man1/concord.1
	$(INSTALL) -m 644 docs/concord.3 $(DESTDIR)$(MANDIR)/man3/concord.3
	$(INSTALL) -m 644 $(MAN3_PAGES) $(DESTDIR)$(MANDIR)/man3/
	$(INSTALL) -m 644 completions/concord.bash \
	  $(DESTDIR)$(BASHCOMPDIR)/concord
	$(INSTALL) -m 644 completions/_concord $(DESTDIR)$(ZSHCOMPDIR)/_concord
	$(if $(STDLIB),$(INSTALL) -m 644 $(STDLIB) $(DESTDIR)$(STDLIBDIR)/)
	@if [ -z "$(DESTDIR)" ] && [ "$$(id -u)" = 0 ]; then \
	  ldconfig 2>/dev/null || true; fi

uninstall:
	rm -f $(DESTDIR)$(BINDIR)/concord $(DESTDIR)$(LIBDIR)/libconcord.a \
	  $(DESTDIR)$(LIBDIR)/libconcord.so $(DESTDIR)$(LIBDIR)/$(SONAME) \
	  $(DESTDIR)$(LIBDIR)/$(notdir $(SHLIB)) \
	  $(DESTDIR)$(INCLUDEDIR)/concord.h $(DESTDIR)$(PKGCONFIGDIR)/concord.pc \
	  $(DESTDIR)$(MANDIR)/man1/concord.1 $(DESTDIR)$(MANDIR)/man3/concord.3 \
	  $(MAN3_NAMES:%=$(DESTDIR)$(MANDIR)/man3/%.3) \
	  $(DESTDIR)$(BASHCOMPDIR)/concord $(DESTDIR)$(ZSHCOMPDIR)/_concord \
	  $(addprefix $(DESTDIR)$(STDLIBDIR)/,$(notdir $(STDLIB)))
	@rmdir $(DESTDIR)$(STDLIBDIR) $(DESTDIR)$(DATAROOTDIR)/concord \
	  2>/dev/null || true
	@if [ -z "$(DESTDIR)" ] && [ "$$(id -u)" = 0 ]; then \
	  ldconfig 2>/dev/null || true; fi

# ---- hardening: sanitizers, valgrind, fuzzing, OOM sweep, static checks ----
#   make sanitize        the whole suite built by clang with ASan + UBSan
#                        (leaks included), in build/sanitize
#   make tsan            the tests that run threads (test_threads: many
#                        handles over one corpus; test_limits: interrupts)
#                        built by clang with ThreadSanitizer, in build/tsan
#   make valgrind        the suite's programs under valgrind memcheck
#   make fuzz            each libFuzzer harness of tests/fuzz for
#                        FUZZ_SECONDS seconds (default 60), in build/fuzz
#   make check-oom       the allocation-failure sweep (tests/oom; part of
#                        `make test`)
#   make fuzz-replay     tests/fuzz/regress and the seeds through each
#                        harness, with no libFuzzer (part of `make test`)
#   make lint            clang-format (format-check), cppcheck, clang-tidy
#                        (.clang-tidy) and scan-build
# The tools these need are installed on first use, as the build tools are.
.PHONY: sanitize tsan tsan-run valgrind valgrind-run fuzz fuzz-run \
        fuzz-replay check-oom \
        lint cppcheck clang-tidy scan-build hardening-deps pipetest

test: fuzz-replay check-oom pipetest

# "command-or-/file:package" pairs for $(call need,...): installs the
# packages whose command or file is missing.
need = @missing=""; for t in $(1); do c=$${t%%:*}; \
	  case $$c in /*) [ -e "$$c" ] ;; *) command -v "$$c" >/dev/null 2>&1 ;; \
	  esac || missing="$$missing $${t\#*:}"; done; $(APT_INSTALL)
CLANG_RT := $(shell clang -print-resource-dir 2>/dev/null)/lib/linux
SAN_TOOLS := clang:clang $(CLANG_RT)/libclang_rt.asan-x86_64.a:libclang-rt-dev

# -- the fuzz harnesses, and their replay with the ordinary compiler --------
FUZZ_NAMES   := query corpus api layer grammar image
FUZZ_REPLAY  := $(patsubst %,$(BUILD)/fuzz/replay_%,$(FUZZ_NAMES))
FUZZ_HARNESS := $(patsubst %,$(BUILD)/fuzz/fuzz_%,$(FUZZ_NAMES))
FUZZ_CORPUS_SEEDS := $(BUILD)/fuzz/seeds/corpus/.made
# Query seeds: every script the tests, examples and stdlib hold.
QUERY_SEEDS  := $(wildcard tests/golden/*.cq examples/*.cq stdlib/*.cq) \
                tests/fuzz/seeds/query
CORPUS_DIRS  := corpus $(patsubst %/,%,$(sort $(wildcard tests/data/*/)))
# Layer seeds: the example layer folder, and a correlation exported in each
# mapping format (each also with bit 6: checked against its image too).
FUZZ_LAYER_SEEDS := $(BUILD)/fuzz/seeds/layer/.made

$(BUILD)/fuzz/replay_%: tests/fuzz/fuzz_%.c tests/fuzz/replay.c \
                        tests/fuzz/fuzz.h tests/fuzz/fuzz_query.c $(LIB) \
                        | $(DEPS_OK)
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) -o $@ $< tests/fuzz/replay.c $(LIB) $(LDLIBS_ALL)

$(BUILD)/fuzz/fuzz_%: tests/fuzz/fuzz_%.c tests/fuzz/fuzz.h \
                      tests/fuzz/fuzz_query.c $(LIB) | $(DEPS_OK)
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) -fsanitize=fuzzer -o $@ $< $(LIB) $(LDLIBS_ALL)

# Each corpus folder packed as the corpus harness reads it, in memory (037)
# and through a folder (137).
$(FUZZ_CORPUS_SEEDS): tests/fuzz/pack-corpus.sh \
                      $(wildcard corpus/*.tsv tests/data/*/*)
	@rm -rf $(@D) && mkdir -p $(@D)
	@for d in $(CORPUS_DIRS); do n=$${d##*/}; \
	  tests/fuzz/pack-corpus.sh $$d 037 >$(@D)/$$n && \
	  tests/fuzz/pack-corpus.sh $$d 137 >$(@D)/dir-$$n || exit 1; done
	@touch $@

$(FUZZ_LAYER_SEEDS): tests/fuzz/pack-corpus.sh $(CONCORD) \
                     $(wildcard examples/layer/*)
	@rm -rf $(@D) && mkdir -p $(@D)
	@tests/fuzz/pack-corpus.sh examples/layer 037 >$(@D)/example
	@tests/fuzz/pack-corpus.sh examples/layer 137 >$(@D)/example-image
	@for f in oscal strm sssom; do \
	  for flags in 040 140; do \
	    { printf "\\$$flags"; $(CONCORD) -f $$f \
	      -c 'correlate 20000-1:8.5.* with 27001'; } \
	      >$(@D)/$$f-$$flags || exit 1; done; done
	@touch $@

fuzz-replay: $(FUZZ_REPLAY) $(FUZZ_CORPUS_SEEDS) $(FUZZ_LAYER_SEEDS)
	@$(BUILD)/fuzz/replay_query tests/fuzz/regress/query $(QUERY_SEEDS)
	@$(BUILD)/fuzz/replay_corpus tests/fuzz/regress/corpus \
	  $(dir $(FUZZ_CORPUS_SEEDS))
	@$(BUILD)/fuzz/replay_api tests/fuzz/regress/api tests/fuzz/seeds/api
	@$(BUILD)/fuzz/replay_layer tests/fuzz/regress/layer \
	  $(dir $(FUZZ_LAYER_SEEDS))
	@$(BUILD)/fuzz/replay_grammar tests/fuzz/regress/grammar \
	  tests/fuzz/seeds/grammar
	@$(BUILD)/fuzz/replay_image tests/fuzz/regress/image \
	  tests/fuzz/seeds/image

# libFuzzer with ASan + UBSan; the library is instrumented for coverage.
FUZZ_SECONDS ?= 60
FUZZ_BUILD   := build/fuzz
FUZZ_CFLAGS  := -g -O1 -fno-omit-frame-pointer \
                -fsanitize=fuzzer-no-link,address,undefined \
                -fno-sanitize-recover=all
FUZZ_OPTS    := -timeout=10 -rss_limit_mb=2048 -max_len=4096 \
                -print_final_stats=1

fuzz:
	$(call need,$(SAN_TOOLS) \
	  $(CLANG_RT)/libclang_rt.fuzzer-x86_64.a:libclang-rt-dev)
	@$(MAKE) --no-print-directory CC=clang BUILD=$(FUZZ_BUILD) \
	  CFLAGS="$(FUZZ_CFLAGS)" fuzz-run

# One harness at a time, each from its seeds and regress inputs; the
# corpus it grows stays in $(BUILD)/fuzz/corpus/NAME for the next run.
fuzz-run: $(FUZZ_HARNESS) $(FUZZ_CORPUS_SEEDS) $(FUZZ_LAYER_SEEDS) \
          $(CONCORD)
	@rm -rf $(BUILD)/fuzz/seeds/query && mkdir -p $(BUILD)/fuzz/seeds/query
	@cp $(filter %.cq,$(QUERY_SEEDS)) tests/fuzz/seeds/query/* \
	  $(BUILD)/fuzz/seeds/query/
	@for h in $(FUZZ_NAMES); do \
	  case $$h in \
	  query) seeds="$(BUILD)/fuzz/seeds/query"; dict=tests/fuzz/cq.dict ;; \
	  corpus) seeds="$(dir $(FUZZ_CORPUS_SEEDS))"; dict=tests/fuzz/tsv.dict ;; \
	  api) seeds=tests/fuzz/seeds/api; dict=tests/fuzz/api.dict ;; \
	  layer) seeds="$(dir $(FUZZ_LAYER_SEEDS))"; dict=tests/fuzz/tsv.dict ;; \
	  grammar) seeds=tests/fuzz/seeds/grammar; dict=tests/fuzz/cq.dict ;; \
	  image) seeds=tests/fuzz/seeds/image; dict=tests/fuzz/image.dict ;; \
	  esac; \
	  mkdir -p $(BUILD)/fuzz/corpus/$$h $(BUILD)/fuzz/artifacts; \
	  echo "fuzz $$h: $(FUZZ_SECONDS) s"; \
	  $(BUILD)/fuzz/fuzz_$$h -dict=$$dict -max_total_time=$(FUZZ_SECONDS) \
	    $(FUZZ_OPTS) -artifact_prefix=$(BUILD)/fuzz/artifacts/$$h- \
	    $(BUILD)/fuzz/corpus/$$h $$seeds tests/fuzz/regress/$$h \
	    >$(BUILD)/fuzz/$$h.log 2>&1; \
	  status=$$?; \
	  runs=$$(sed -n 's/^stat::number_of_executed_units: *//p' \
	    $(BUILD)/fuzz/$$h.log); \
	  if [ $$status != 0 ]; then tail -40 $(BUILD)/fuzz/$$h.log; \
	    echo "fuzz $$h: FAILED after $$runs runs; the input is in" \
	      "$(BUILD)/fuzz/artifacts/ (keep it in tests/fuzz/regress/$$h/)"; \
	    exit 1; fi; \
	  echo "fuzz $$h: $$runs runs, no crash, leak or timeout"; \
	done
	@echo "fuzz: the query generator at full size (sanitizers on)"
	@env $(SAN_ENV) LC_ALL=C python3 tests/fuzz/gen_queries.py \
	  $(CONCORD) --size full

# -- the allocation-failure sweep -------------------------------------------
# It drives the program's script runner and REPL loop too, so it links the
# program's objects (all but main).
OOM_BIN := $(BUILD)/tests/oom_sweep
$(OOM_BIN): tests/oom/test_oom.c tests/unit/test_alloc.h \
            $(filter-out %/main.o,$(CLI_OBJ)) $(LIB) | $(DEPS_OK)
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) -Wno-missing-prototypes -Itests/unit -Isrc/cli \
	  -o $@ $< $(filter-out %/main.o,$(CLI_OBJ)) $(LIB) $(DL_LIBS) \
	  $(CMOCKA_LIBS) $(LDLIBS_ALL)

check-oom: $(OOM_BIN)
	@LC_ALL=C $(OOM_BIN)

# Output into a pipe whose reader has gone ends quietly.
pipetest: $(CONCORD)
	@LC_ALL=C tests/cli/pipe.sh $(CONCORD)

# Linear time: each class of input (statements, lets, stages, ...) at N
# and 10N in one run, the CPU time growing at most 12 times.
.PHONY: lineartest
test: lineartest
lineartest: $(CONCORD)
	@LC_ALL=C python3 tests/cli/linear.py $(CONCORD)

# The structure-aware query generator: every production nested deep and
# repeated wide, alone and with every statement kind (moderate sizes here;
# full sizes under the sanitizers in make fuzz).
.PHONY: gentest
test: gentest
gentest: $(CONCORD)
	@LC_ALL=C python3 tests/fuzz/gen_queries.py $(CONCORD)

# -- sanitizers --------------------------------------------------------------
SAN_BUILD  := build/sanitize
SAN_CFLAGS := -O1 -g -fno-omit-frame-pointer \
              -fsanitize=address,undefined -fno-sanitize-recover=all
# Distinct exit codes, so a report is never taken for the program's own
# status 1; leaks are checked at every exit.
SAN_ENV    := ASAN_OPTIONS=detect_leaks=1:exitcode=86:abort_on_error=0 \
              LSAN_OPTIONS=exitcode=87 \
              UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1:exitcode=88

sanitize:
	$(call need,$(SAN_TOOLS))
	@env $(SAN_ENV) $(MAKE) --no-print-directory CC=clang \
	  BUILD=$(SAN_BUILD) CFLAGS="$(SAN_CFLAGS)" test

# -- ThreadSanitizer ---------------------------------------------------------
# The library and the threaded tests only: the rest of the suite runs one
# thread, which TSan has nothing to say about.  Any report fails the run
# (its own exit code, as for the sanitizers above).
TSAN_BUILD  := build/tsan
TSAN_CFLAGS := -O1 -g -fno-omit-frame-pointer -fsanitize=thread
TSAN_ENV    := TSAN_OPTIONS=halt_on_error=1:exitcode=89:second_deadlock_stack=1
TSAN_TESTS  := test_threads test_limits

tsan:
	$(call need,clang:clang \
	  $(CLANG_RT)/libclang_rt.tsan-x86_64.a:libclang-rt-dev)
	@$(MAKE) --no-print-directory CC=clang BUILD=$(TSAN_BUILD) \
	  CFLAGS="$(TSAN_CFLAGS)" tsan-run

tsan-run: $(addprefix $(BUILD)/tests/,$(TSAN_TESTS))
	@for t in $(TSAN_TESTS); do \
	  env $(TSAN_ENV) LC_ALL=C CONCORD_TEST_DATA=tests/data \
	    $(BUILD)/tests/$$t || exit 1; \
	done
	@echo "tsan: no data race reported"

# -- valgrind ----------------------------------------------------------------
VG_BUILD := build/valgrind
VG_OPTS  := --error-exitcode=1 --leak-check=full --errors-for-leak-kinds=all \
            --show-leak-kinds=all --num-callers=30 -q

valgrind:
	$(call need,valgrind:valgrind)
	@$(MAKE) --no-print-directory BUILD=$(VG_BUILD) CFLAGS="-O1 -g" \
	  valgrind-run

# Every test program runs under memcheck (tests/valgrind.sh) with its log in
# a file of its own: the suite's scripts compare stderr and exit statuses,
# so a report must not depend on them to be seen.  Any log that is not
# empty fails the run.  The script suites run as `make test` runs them,
# with CONCORD pointing at VG_WRAP (tests/valgrind-exec.c), which runs the
# real program under memcheck; it is built after the program, so the
# sub-make sees it up to date and never links over it.
VG_LOGS := $(BUILD)/valgrind-logs
VG_WRAP := $(BUILD)/vg/concord
VG_SUITES := golden doctest clitest layertest pipetest
# memcheck runs one thread at a time, about 50 times slower: test_threads
# runs 500 queries a thread under it instead of 10,000 (make tsan runs all).
VG_THREAD_QUERIES := 500
valgrind-run: $(CONCORD) $(UNIT_BIN) $(FUZZ_REPLAY) $(FUZZ_CORPUS_SEEDS) \
              $(FUZZ_LAYER_SEEDS) \
              $(OOM_BIN)
	@rm -rf $(VG_LOGS) && mkdir -p $(VG_LOGS) $(dir $(VG_WRAP))
	@$(CC) $(STD) $(WARN) -O1 -DVG_SCRIPT='"$(abspath tests/valgrind.sh)"' \
	  -DVG_LOGS='"$(abspath $(VG_LOGS))"' \
	  -DVG_PROGRAM='"$(abspath $(CONCORD))"' -o $(VG_WRAP) \
	  tests/valgrind-exec.c
	@export VG_OPTS="$(VG_OPTS)"; vg="tests/valgrind.sh $(VG_LOGS)"; \
	fail=0; \
	for t in $(UNIT_BIN); do \
	  LC_ALL=C CONCORD_TEST_DATA=tests/data \
	  CONCORD_THREAD_QUERIES=$(VG_THREAD_QUERIES) \
	    $$vg $$t >/dev/null || fail=1; \
	done; \
	LC_ALL=C $$vg $(OOM_BIN) >/dev/null || fail=1; \
	$$vg $(BUILD)/fuzz/replay_query tests/fuzz/regress/query \
	  $(QUERY_SEEDS) || fail=1; \
	$$vg $(BUILD)/fuzz/replay_corpus tests/fuzz/regress/corpus \
	  $(dir $(FUZZ_CORPUS_SEEDS)) || fail=1; \
	$$vg $(BUILD)/fuzz/replay_api tests/fuzz/regress/api \
	  tests/fuzz/seeds/api || fail=1; \
	$$vg $(BUILD)/fuzz/replay_layer tests/fuzz/regress/layer \
	  $(dir $(FUZZ_LAYER_SEEDS)) || fail=1; \
	$(MAKE) --no-print-directory CONCORD=$(abspath $(VG_WRAP)) \
	  $(VG_SUITES) || fail=1; \
	for log in $(VG_LOGS)/*.log; do \
	  if [ -s "$$log" ]; then echo "valgrind: $$log:"; cat "$$log"; \
	    fail=1; fi; \
	done; \
	if [ $$fail != 0 ]; then echo "valgrind: FAILED"; exit 1; fi; \
	echo "valgrind: no errors and no leaks"

# -- static checks -----------------------------------------------------------
LINT_SRC  := $(LIB_SRC) $(CLI_SRC) src/tools/embed.c \
             $(wildcard tests/fuzz/*.c tests/oom/*.c)
LINT_INC  := -Isrc -Isrc/cli -I$(GEN) -Itests/unit -Itests/lib
SCAN_BUILD := build/scan-build

lint: format-check cppcheck clang-tidy scan-build
	@echo "lint: clang-format, cppcheck, clang-tidy and scan-build found nothing"

hardening-deps:
	$(call need,cppcheck:cppcheck clang-tidy:clang-tidy \
	  scan-build:clang-tools clang:clang clang-format:clang-format)

# Every C file of the repository as .clang-format lays it out: a file that
# differs fails the lint, so layout never drifts (clang-format -i FILE
# fixes it).
.PHONY: format-check
format-check: hardening-deps
	@bad=$$(for f in $$(git ls-files '*.c' '*.h' 2>/dev/null || \
	    find src tests bench examples web -name '*.[ch]'); do \
	  clang-format --dry-run -Werror "$$f" >/dev/null 2>&1 || echo "$$f"; \
	done); \
	if [ -n "$$bad" ]; then \
	  echo "not as .clang-format lays them out (clang-format -i):" $$bad >&2; \
	  exit 1; fi

# Warnings and portability only: the style checks quarrel with the code's
# deliberate idioms, and clang-tidy covers what matters of them.
cppcheck: hardening-deps $(GEN)/parser.h $(GEN)/lexer.h
	cppcheck --quiet --error-exitcode=1 --inline-suppr --std=c11 \
	  --enable=warning,portability,performance \
	  --suppress=missingIncludeSystem -D__GNUC__ $(LINT_INC) $(LINT_SRC)

clang-tidy: hardening-deps $(GEN)/parser.h $(GEN)/lexer.h
	clang-tidy --quiet $(LINT_SRC) -- $(STD) $(LINT_INC) $(EDIT_CFLAGS)

# A fresh build of the library and program under the analyzer; the
# generated parser and scanner are flex's and Bison's, not ours.
scan-build: hardening-deps
	@rm -rf $(SCAN_BUILD)
	scan-build --status-bugs --use-cc=clang --exclude $(SCAN_BUILD)/gen \
	  -o $(SCAN_BUILD)/report $(MAKE) --no-print-directory \
	  BUILD=$(SCAN_BUILD) $(SCAN_BUILD)/concord $(SCAN_BUILD)/libconcord.a

# ---- use -------------------------------------------------------------------
run: $(CONCORD)
	@if [ -t 0 ] && [ -t 1 ]; then exec $(CONCORD); \
	else exec $(CONCORD) examples/tour.cq; fi

clean:
	rm -rf build

# ---- benchmark: concord against SQLite (not part of `make test`) ----------
#   make bench SIZE=1m   generate a synthetic corpus of 10k, 100k, 1m or 10m
#                        edges (once; seeded), compile its image, and print
#                        concord's and SQLite's figures side by side
#                        (BENCH_LOADS=1 times each load once: for 10m)
# bench/README.md says what is measured; bench/RESULTS.md has results.
# SQLite comes from Debian's libsqlite3-dev and sqlite3, installed here.
.PHONY: bench bench-deps
SIZE        ?= 100k
BENCH_SEED  ?= 1
BENCH_RUNS  ?= 3
BENCH_LOADS ?= 3
BENCH_BUILD := $(BUILD)/bench
BENCH_DIR   := $(BENCH_BUILD)/$(SIZE)
BENCH_EDGES  = $(patsubst %k,%000,$(patsubst %m,%000000,$(SIZE)))
BENCH_CFLAGS := -std=gnu11 -O2 -g -Wall -Wextra -Werror -Isrc

bench-deps:
	$(call need,/usr/include/sqlite3.h:libsqlite3-dev sqlite3:sqlite3)

$(BENCH_BUILD)/gen: bench/gen.c | $(DEPS_OK)
	@mkdir -p $(@D)
	$(CC) $(BENCH_CFLAGS) -o $@ $< -lm

$(BENCH_BUILD)/bench: bench/bench.c $(LIB) | bench-deps
	@mkdir -p $(@D)
	$(CC) $(BENCH_CFLAGS) -o $@ $< $(LIB) -lsqlite3 -lm $(LDLIBS_ALL)

$(BENCH_DIR)/queries.tsv: $(BENCH_BUILD)/gen
	@case "$(SIZE)" in 10k|100k|1m|10m) ;; \
	  *) echo "bench: SIZE is 10k, 100k, 1m or 10m" >&2; exit 1 ;; esac
	@rm -rf $(BENCH_DIR)
	@start=$$(date +%s.%N); \
	$(BENCH_BUILD)/gen $(BENCH_EDGES) $(BENCH_SEED) $(BENCH_DIR) && \
	echo "bench: generated in $$(echo "$$(date +%s.%N) - $$start" | bc) s"

$(BENCH_DIR)/corpus.img: $(BENCH_DIR)/queries.tsv $(CONCORD)
	$(CONCORD) compile $(BENCH_DIR)/corpus -o $@

bench: $(BENCH_BUILD)/bench $(BENCH_DIR)/corpus.img $(CONCORD)
	@$(BENCH_BUILD)/bench $(BENCH_DIR) $(BENCH_DIR)/corpus.img $(CONCORD) \
	  --runs $(BENCH_RUNS) --loads $(BENCH_LOADS)

# ---- benchmark: the status layer (not part of `make test`) ------------------
#   make bench-status    load a 10,000-row status file and time soa,
#                        readiness and the other status statements on the
#                        built-in corpus (bench/status_bench.c)
.PHONY: bench-status
$(BENCH_BUILD)/status_bench: bench/status_bench.c $(LIB) | $(DEPS_OK)
	@mkdir -p $(@D)
	$(CC) $(BENCH_CFLAGS) -o $@ $< $(LIB) $(LDLIBS_ALL)

bench-status: $(BENCH_BUILD)/status_bench
	@$(BENCH_BUILD)/status_bench 10000 21
# ---- the browser page (docs/web.md; not part of `make test`) ---------------
#   make web        libconcord compiled to WebAssembly by Debian's emscripten
#                   from the same sources, with the built-in corpus, and the
#                   page of web/, into build/web/ (a static folder to host)
#   make test-web   the page in Debian's chromium, headless, driven by
#                   playwright-core (tests/web/): its answers against the
#                   program's, errors, completion, the graph, a layer file,
#                   a status file
# The generated sources (parser, scanner, corpus image, standard library)
# are the native build's: they are the same text for any target.  Graphviz
# for the graph view is @viz-js/viz from the npm registry, vendored into
# build/web (never fetched by the page at run time); playwright-core drives
# the system chromium and downloads no browser.
.PHONY: web web-deps test-web
WEB        := build/web
WEB_OBJ    := build/web-obj
WEB_NPM    := build/npm
VIZ_VERSION        := 3.31.0
PLAYWRIGHT_VERSION := 1.57.0
# Debian's emcc looks for its Node.js modules (acorn) there; the machine's
# node may not be Debian's.
EMCC       := NODE_PATH=/usr/share/nodejs emcc
WEB_CFLAGS := -O2
WEB_LIB_OBJ := $(patsubst src/%.c,$(WEB_OBJ)/%.o,$(LIB_SRC)) \
               $(WEB_OBJ)/concord_web.o
WEB_GEN_OBJ := $(patsubst %,$(WEB_OBJ)/%.o,parser lexer corpus_builtin \
                 stdlib_builtin)
# The whole public interface (every CONCORD_API call of concord.h) and the
# page's helpers (web/concord_web.c).
WEB_API_RE := s/^CONCORD_API [^(]*[ *]\(concord_[a-z0-9_]*\)(.*/_\1/p
WEB_EXPORTS = $(shell sed -n '$(WEB_API_RE)' src/concord.h | tr '\n' ,)$\
  _cq_web_open,_cq_web_write,_cq_web_rows,_malloc,_free
WEB_LDFLAGS = -sENVIRONMENT=web -sMODULARIZE=1 -sEXPORT_NAME=createConcord \
  -sALLOW_MEMORY_GROWTH=1 -sFILESYSTEM=1 \
  -sEXPORTED_FUNCTIONS=$(WEB_EXPORTS) \
  -sEXPORTED_RUNTIME_METHODS=cwrap,UTF8ToString,getValue,setValue,FS,HEAPU8
WEB_PAGE   := $(addprefix $(WEB)/,index.html style.css engine.js editor.js \
                app.js)
# The Acme example's status files, at their paths in the project, for the
# page's status examples to load (fetched from the page's own folder).
WEB_STATUS := $(addprefix $(WEB)/,$(wildcard examples/acme/status-*))

web-deps:
	$(call need,emcc:emscripten /usr/share/nodejs/acorn:node-acorn \
	  node:nodejs npm:npm chromium:chromium python3:python3)

$(WEB_NPM)/viz/.installed-$(VIZ_VERSION): | web-deps
	@rm -rf $(@D) && mkdir -p $(@D)
	npm install --no-save --no-audit --no-fund --prefix $(@D) \
	  @viz-js/viz@$(VIZ_VERSION)
	@touch $@

$(WEB_NPM)/playwright/.installed-$(PLAYWRIGHT_VERSION): | web-deps
	@rm -rf $(@D) && mkdir -p $(@D)
	PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm install --no-save --no-audit \
	  --no-fund --prefix $(@D) playwright-core@$(PLAYWRIGHT_VERSION)
	@touch $@

$(WEB_OBJ)/%.o: src/%.c | $(GEN)/parser.h $(GEN)/lexer.h web-deps
	@mkdir -p $(@D)
	$(EMCC) $(STD) $(WARN) $(WEB_CFLAGS) $(CPPFLAGS_ALL) -MMD -MP -c -o $@ $<

$(WEB_OBJ)/concord_web.o: web/concord_web.c | web-deps
	@mkdir -p $(@D)
	$(EMCC) $(STD) $(WARN) $(WEB_CFLAGS) $(CPPFLAGS_ALL) -MMD -MP -c -o $@ $<

$(WEB_GEN_OBJ): $(WEB_OBJ)/%.o: $(GEN)/%.c $(GEN)/parser.h $(GEN)/lexer.h \
                | web-deps
	@mkdir -p $(@D)
	$(EMCC) $(STD) -Wall -Wextra -Werror -Wno-unused-function \
	  -Wno-sign-compare -Wno-unused-parameter $(WEB_CFLAGS) \
	  $(CPPFLAGS_ALL) -c -o $@ $<

-include $(wildcard $(WEB_OBJ)/*.d)

$(WEB)/concord.js $(WEB)/concord.wasm &: $(WEB_LIB_OBJ) $(WEB_GEN_OBJ) \
                                         src/concord.h
	@mkdir -p $(WEB)
	$(EMCC) $(WEB_CFLAGS) $(WEB_LDFLAGS) -o $(WEB)/concord.js \
	  $(WEB_LIB_OBJ) $(WEB_GEN_OBJ)

$(WEB)/language.js: web/tools/language.py src/keywords.h README.md \
                    examples/acme/report.cq
	@mkdir -p $(@D)
	python3 web/tools/language.py src/keywords.h README.md \
	  examples/acme/report.cq > $@

$(WEB_PAGE): $(WEB)/%: web/%
	@mkdir -p $(@D)
	cp $< $@

$(WEB_STATUS): $(WEB)/%: %
	@mkdir -p $(@D)
	cp $< $@

$(WEB)/viz-global.js: $(WEB_NPM)/viz/.installed-$(VIZ_VERSION)
	@mkdir -p $(@D)
	cp $(WEB_NPM)/viz/node_modules/@viz-js/viz/dist/viz-global.js $@

web: $(WEB)/concord.js $(WEB)/concord.wasm $(WEB)/language.js $(WEB_PAGE) \
     $(WEB_STATUS) $(WEB)/viz-global.js

# The native side of the speed measurement: the library in-process.
$(BUILD)/tests/web_timing: tests/web/timing.c $(LIB) | $(DEPS_OK)
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) -o $@ $< $(LIB) $(LDLIBS_ALL)

test-web: web $(CONCORD) $(BUILD)/tests/web_timing \
          $(WEB_NPM)/playwright/.installed-$(PLAYWRIGHT_VERSION)
	@LC_ALL=C NODE_PATH=$(abspath $(WEB_NPM)/playwright/node_modules) \
	  node tests/web/test.js $(WEB) $(CONCORD) $(BUILD)/tests/web_timing
