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

# Looked up when used, after the dependencies are installed.
EDIT_CFLAGS  = $(shell pkg-config --cflags libedit 2>/dev/null)
EDIT_LIBS    = $(shell pkg-config --libs libedit 2>/dev/null || echo -ledit)
CMOCKA_LIBS  = $(shell pkg-config --libs cmocka 2>/dev/null || echo -lcmocka)

LIB_SRC   := $(wildcard src/*.c)
LIB_OBJ   := $(patsubst src/%.c,$(BUILD)/obj/%.o,$(LIB_SRC)) \
             $(BUILD)/obj/parser.o $(BUILD)/obj/lexer.o \
             $(BUILD)/obj/corpus_builtin.o
CLI_SRC   := $(wildcard src/cli/*.c)
CLI_OBJ   := $(patsubst src/cli/%.c,$(BUILD)/obj/cli/%.o,$(CLI_SRC))
LIB       := $(BUILD)/libconcord.a
CONCORD   := $(BUILD)/concord
CORPUS    := $(sort $(wildcard corpus/*.tsv))
UNIT_SRC  := $(wildcard tests/unit/test_*.c)
UNIT_BIN  := $(patsubst tests/unit/%.c,$(BUILD)/tests/%,$(UNIT_SRC))
DEPS_OK   := $(BUILD)/.deps-ok

.PHONY: all run test unit golden doctest clitest deps clean
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
	command -v $(CC) >/dev/null 2>&1 || missing="$$missing $(notdir $(CC))"; \
	[ -f /usr/include/cmocka.h ] || missing="$$missing libcmocka-dev"; \
	[ -f /usr/include/histedit.h ] || missing="$$missing libedit-dev"; \
	if [ -n "$$missing" ]; then \
	  echo "installing build tools:$$missing"; \
	  if [ "$$(id -u)" = 0 ]; then sudo=""; \
	  elif command -v sudo >/dev/null 2>&1; then sudo="sudo"; \
	  else echo "concord: need root or sudo to install:$$missing" >&2; exit 1; fi; \
	  export DEBIAN_FRONTEND=noninteractive; \
	  $$sudo apt-get install -y -q $$missing >/dev/null 2>&1 || \
	  { $$sudo apt-get update -q && $$sudo apt-get install -y -q $$missing; } \
	  || exit 1; \
	fi
	@mkdir -p $(BUILD) && touch $@

# ---- generated sources -----------------------------------------------------
$(GEN)/parser.c $(GEN)/parser.h: grammar/parser.y | $(DEPS_OK)
	@mkdir -p $(GEN)
	bison -Wall -Werror --defines=$(GEN)/parser.h -o $(GEN)/parser.c $<

$(GEN)/lexer.c $(GEN)/lexer.h: grammar/lexer.l | $(DEPS_OK)
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
                    image.o alloc.o arena.o buf.o error.o suggest.o)

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

# ---- library and program ---------------------------------------------------
$(BUILD)/obj/parser.o: $(GEN)/parser.c $(GEN)/lexer.h
	@mkdir -p $(@D)
	$(CC) $(GEN_CFLAGS) -c -o $@ $<
$(BUILD)/obj/lexer.o: $(GEN)/lexer.c $(GEN)/parser.h
	@mkdir -p $(@D)
	$(CC) $(GEN_CFLAGS) -c -o $@ $<
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
	$(CC) $(CFLAGS) $(EXTRA_CFLAGS) -o $@ $(CLI_OBJ) $(LIB) $(EDIT_LIBS) \
	  $(LDLIBS_ALL)

-include $(wildcard $(BUILD)/obj/*.d $(BUILD)/obj/cli/*.d $(BUILD)/tests/*.d)

# ---- tests -----------------------------------------------------------------
$(BUILD)/tests/test_%: tests/unit/test_%.c $(LIB) | $(DEPS_OK)
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) -Wno-missing-prototypes -Itests/unit -MMD -MP \
	  -o $@ $< $(LIB) $(CMOCKA_LIBS) $(LDLIBS_ALL)

unit: $(UNIT_BIN)
	@fail=0; for t in $(UNIT_BIN); do \
	  LC_ALL=C CONCORD_TEST_DATA=tests/data $$t || fail=1; \
	done; exit $$fail

golden: $(CONCORD)
	@LC_ALL=C tests/golden/run.sh $(CONCORD)

doctest: $(CONCORD)
	@LC_ALL=C tests/doc/run.sh $(CONCORD) README.md

clitest: $(CONCORD)
	@LC_ALL=C tests/cli/run.sh $(CONCORD)

test: unit golden doctest clitest
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
INSTALL      ?= install

.PHONY: libtest symtest exampletest installtest install uninstall

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

$(SHARED_UNIT): $(BUILD)/tests/%: tests/unit/%.c $(SHLIB_LINKS) | $(DEPS_OK)
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) -Wno-missing-prototypes -Itests/unit -MMD -MP \
	  -o $@ $< -L$(BUILD) -lconcord -Wl,-rpath,'$$ORIGIN/..' \
	  $(CMOCKA_LIBS) $(LDLIBS_ALL)

# The program uses only the public API: its objects link against the shared
# library, which exports nothing else.
$(BUILD)/tests/concord-shared: $(CLI_OBJ) $(SHLIB_LINKS)
	@mkdir -p $(@D)
	$(CC) $(CFLAGS) $(EXTRA_CFLAGS) -o $@ $(CLI_OBJ) -L$(BUILD) -lconcord \
	  -Wl,-rpath,'$$ORIGIN/..' $(EDIT_LIBS) $(LDLIBS_ALL)

symtest: $(SHLIB_LINKS) $(BUILD)/tests/concord-shared
	@LC_ALL=C tests/lib/symbols.sh $(SHLIB) $(SONAME)
	@$(BUILD)/tests/concord-shared -c 'show 20000-1:8.5.1' | \
	  grep -q 'Change management' || \
	  { echo "symbols: concord on libconcord.so failed" >&2; exit 1; }

exampletest: $(EXAMPLES) $(SHLIB_LINKS)
	@LC_ALL=C tests/lib/examples.sh $(BUILD)

installtest: $(CONCORD) $(LIB) $(SHLIB_LINKS)
	@LC_ALL=C MAKE="$(MAKE)" CC="$(CC)" BUILD="$(BUILD)" \
	  TEST_CFLAGS="$(CFLAGS) $(EXTRA_CFLAGS)" tests/install/run.sh

libtest: symtest exampletest installtest

install: $(CONCORD) $(LIB) $(SHLIB)
	$(INSTALL) -d $(DESTDIR)$(BINDIR) $(DESTDIR)$(LIBDIR) \
	  $(DESTDIR)$(PKGCONFIGDIR) $(DESTDIR)$(INCLUDEDIR) \
	  $(DESTDIR)$(MANDIR)/man1 $(DESTDIR)$(MANDIR)/man3 $(DESTDIR)$(STDLIBDIR)
	$(INSTALL) -m 755 $(CONCORD) $(DESTDIR)$(BINDIR)/concord
	$(INSTALL) -m 644 $(LIB) $(DESTDIR)$(LIBDIR)/libconcord.a
	$(INSTALL) -m 755 $(SHLIB) $(DESTDIR)$(LIBDIR)/$(notdir $(SHLIB))
	ln -sf $(notdir $(SHLIB)) $(DESTDIR)$(LIBDIR)/$(SONAME)
	ln -sf $(SONAME) $(DESTDIR)$(LIBDIR)/libconcord.so
	$(INSTALL) -m 644 src/concord.h $(DESTDIR)$(INCLUDEDIR)/concord.h
	sed -e 's|@PREFIX@|$(PREFIX)|g' -e 's|@LIBDIR@|$(LIBDIR)|g' \
	  -e 's|@INCLUDEDIR@|$(INCLUDEDIR)|g' \
	  -e 's|@DATAROOTDIR@|$(DATAROOTDIR)|g' -e 's|@VERSION@|$(VERSION)|g' \
	  src/concord.pc.in > $(DESTDIR)$(PKGCONFIGDIR)/concord.pc
	$(INSTALL) -m 644 docs/concord.1 $(DESTDIR)$(MANDIR)/man1/concord.1
	$(INSTALL) -m 644 docs/concord.3 $(DESTDIR)$(MANDIR)/man3/concord.3
	$(if $(STDLIB),$(INSTALL) -m 644 $(STDLIB) $(DESTDIR)$(STDLIBDIR)/)
	@if [ -z "$(DESTDIR)" ] && [ "$$(id -u)" = 0 ]; then \
	  ldconfig 2>/dev/null || true; fi

uninstall:
	rm -f $(DESTDIR)$(BINDIR)/concord $(DESTDIR)$(LIBDIR)/libconcord.a \
	  $(DESTDIR)$(LIBDIR)/libconcord.so $(DESTDIR)$(LIBDIR)/$(SONAME) \
	  $(DESTDIR)$(LIBDIR)/$(notdir $(SHLIB)) \
	  $(DESTDIR)$(INCLUDEDIR)/concord.h $(DESTDIR)$(PKGCONFIGDIR)/concord.pc \
	  $(DESTDIR)$(MANDIR)/man1/concord.1 $(DESTDIR)$(MANDIR)/man3/concord.3 \
	  $(addprefix $(DESTDIR)$(STDLIBDIR)/,$(notdir $(STDLIB)))
	@rmdir $(DESTDIR)$(STDLIBDIR) $(DESTDIR)$(DATAROOTDIR)/concord \
	  2>/dev/null || true
	@if [ -z "$(DESTDIR)" ] && [ "$$(id -u)" = 0 ]; then \
	  ldconfig 2>/dev/null || true; fi

# ---- use -------------------------------------------------------------------
run: $(CONCORD)
	@if [ -t 0 ] && [ -t 1 ]; then exec $(CONCORD); \
	else exec $(CONCORD) examples/tour.cq; fi

clean:
	rm -rf build
