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

$(GEN)/corpus_builtin.c: $(BUILD)/embed $(CORPUS)
	@mkdir -p $(GEN)
	$(BUILD)/embed $(CORPUS) > $@

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

# ---- use -------------------------------------------------------------------
run: $(CONCORD)
	@if [ -t 0 ] && [ -t 1 ]; then exec $(CONCORD); \
	else exec $(CONCORD) examples/tour.cq; fi

clean:
	rm -rf build
