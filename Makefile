# govsim - build, run, test, bench, plots, install.
# `make run` and `make test` are the two commands of the README: both first
# make sure the Debian packages are there (tools/deps.sh), then build.

VERSION  := 0.1.0
BUILD    ?= build
PREFIX   ?= /usr/local
DESTDIR  ?=
PYTHON   := /usr/bin/python3
PKGS     := gsl igraph hdf5-serial inih libdeflate
CC       ?= cc

GIT_COMMIT := $(shell git rev-parse --short=12 HEAD 2>/dev/null || echo unknown)

WARN     := -Wall -Wextra -Werror
BASEFLAGS := -std=c11 -D_DEFAULT_SOURCE -D_POSIX_C_SOURCE=200809L $(WARN) -g -fopenmp \
             -MMD -MP
PKG_CFLAGS = $(shell pkg-config --cflags $(PKGS) 2>/dev/null)
PKG_LIBS   = $(shell pkg-config --libs $(PKGS) 2>/dev/null) -lhdf5_hl -lm

ifeq ($(SANITIZE),1)
  OPT := -O1 -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=undefined
else
  OPT := -O2
endif
CFLAGS  ?=
ALL_CFLAGS = $(BASEFLAGS) $(OPT) $(PKG_CFLAGS) $(CFLAGS)
ALL_LDLIBS = $(OPT) -fopenmp $(PKG_LIBS)

LIB_SRC  := $(sort $(filter-out sim/main.c sim/version.c,$(wildcard sim/*.c)) $(wildcard models/*.c))
LIB_OBJ  := $(LIB_SRC:%.c=$(BUILD)/obj/%.o)
UNIT_SRC := $(sort $(wildcard tests/unit/test_*.c))
UNIT_BIN := $(UNIT_SRC:tests/unit/%.c=$(BUILD)/tests/%)
UNIT_HELPERS := $(filter-out $(UNIT_SRC),$(wildcard tests/unit/*.c))

.PHONY: all deps run test unit validate bench plots fuzz mpi install clean docs check-docs

all: $(BUILD)/govsim

deps:
	@sh tools/deps.sh

$(BUILD)/obj/%.o: %.c
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) -c $< -o $@

# version.c carries the commit: build/commit.txt is rewritten only when the
# commit changes, so the binary never lies and nothing relinks needlessly.
$(BUILD)/commit.txt: FORCE
	@mkdir -p $(dir $@)
	@echo '$(GIT_COMMIT)' | cmp -s - $@ || echo '$(GIT_COMMIT)' > $@
$(BUILD)/obj/sim/version.o: sim/version.c $(BUILD)/commit.txt
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) -DGS_VERSION='"$(VERSION)"' -DGS_GIT_COMMIT='"$(GIT_COMMIT)"' -c $< -o $@
FORCE:

$(BUILD)/libgovsim.a: $(LIB_OBJ) $(BUILD)/obj/sim/version.o
	@rm -f $@
	ar rcs $@ $^

$(BUILD)/govsim: $(BUILD)/obj/sim/main.o $(BUILD)/libgovsim.a
	$(CC) -o $@ $^ $(ALL_LDLIBS)

$(BUILD)/tests/%: tests/unit/%.c $(UNIT_HELPERS) $(BUILD)/libgovsim.a
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) -Itests/unit -o $@ $< $(UNIT_HELPERS) $(BUILD)/libgovsim.a \
	    $(ALL_LDLIBS) $(shell pkg-config --libs cmocka)

unit: $(UNIT_BIN)

# The scenario reference in scenarios/README.md is generated from the table.
docs: $(BUILD)/govsim
	@sh tools/gen_params_doc.sh $(BUILD)/govsim scenarios/README.md

run: deps
	@$(MAKE) --no-print-directory all
	@mkdir -p results
	$(BUILD)/govsim run scenarios/baseline.ini -o results/baseline.h5 --force

test: deps
	@$(MAKE) --no-print-directory -j2 all unit
	@$(MAKE) --no-print-directory -j2 BUILD=build/asan SANITIZE=1 all unit
	@$(MAKE) --no-print-directory mpi
	@sh tests/run.sh

validate: deps
	@$(MAKE) --no-print-directory all
	@sh tests/validation/run.sh full

bench: deps
	@$(MAKE) --no-print-directory all
	@sh tests/bench/run.sh

plots: deps
	@$(MAKE) --no-print-directory all
	@sh plots/run_plots.sh

fuzz: deps
	@sh tests/fuzz/run.sh full

mpi: deps
	@$(MAKE) --no-print-directory all
	@sh tools/build_mpi.sh $(BUILD)

install: all
	install -d $(DESTDIR)$(PREFIX)/bin $(DESTDIR)$(PREFIX)/share/govsim/scenarios/data
	install -m 755 $(BUILD)/govsim $(DESTDIR)$(PREFIX)/bin/govsim
	install -m 644 scenarios/*.ini $(DESTDIR)$(PREFIX)/share/govsim/scenarios/
	install -m 644 scenarios/data/*.csv scenarios/data/README.md \
	    $(DESTDIR)$(PREFIX)/share/govsim/scenarios/data/

clean:
	rm -rf build

-include $(LIB_OBJ:.o=.d) $(BUILD)/obj/sim/main.d
