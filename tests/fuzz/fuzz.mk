# Fuzz targets (tests/fuzz/): libFuzzer with Debian's clang, built with
# AddressSanitizer and UndefinedBehaviorSanitizer in o/fuzz (MODE=fuzz).
#   make fuzz-short  every target for FUZZ_SECONDS (default 20) after replaying
#                    the saved crash inputs of tests/fuzz/regress/ (part of check)
#   make fuzz        long runs: FUZZ_RUNS executions per target (default 1000000);
#                    FUZZ_TARGETS="int zip" picks targets
# Results (executions, time, findings) go to o/fuzz/results/.

FUZZ_CC ?= clang
FUZZ_TARGETS ?= loader int path zip cmdline fat cue lockstep
FUZZ_SECONDS ?= 20
FUZZ_RUNS ?= 1000000
CFLAGS_fuzz := -O1 -g -fsanitize=fuzzer-no-link,address,undefined \
	-fno-sanitize-recover=undefined -fno-omit-frame-pointer -DUNIDOS_ASSERTS \
	-Wno-unknown-warning-option
ifeq ($(MODE),fuzz)
CC := $(FUZZ_CC)
endif
FUZZ_COMMON_OBJS := o/fuzz/tests/fuzz/fz.o o/fuzz/tests/fuzz/fz_dos.o o/fuzz/tests/fuzz/fz_alloc.o
FUZZ_BINS := $(FUZZ_TARGETS:%=o/fuzz/tests/fuzz/fuzz_%)

.PHONY: fuzz fuzz-short fuzz-bins
.SECONDARY: $(FUZZ_BINS:%=%.o) $(FUZZ_COMMON_OBJS)

o/fuzz/tests/fuzz/fuzz_%: o/fuzz/tests/fuzz/fuzz_%.o $(FUZZ_COMMON_OBJS) o/fuzz/libunidos.a \
		| $(UC_FAST)
	$(CC) $(LDFLAGS) -fsanitize=fuzzer -Wl,--wrap=xcalloc,--wrap=free -o $@ $^ $(UC_LIBS) \
		$(ZIP_LIBS) $(CD_LIBS) $(LDLIBS_Z) $(AUDIO_LIBS)

# The lockstep target brings the lockstep machines (tests/lockstep).
o/fuzz/tests/fuzz/fuzz_lockstep: o/fuzz/tests/lockstep/ls.o o/fuzz/tests/lockstep/ls_gen.o

fuzz-bins:
	@$(MAKE) --no-print-directory MODE=fuzz $(FUZZ_BINS)

fuzz-short: fuzz-bins $(GUEST_COM)
	tests/fuzz/run.sh short $(FUZZ_SECONDS) $(O)/tests/guest $(FUZZ_TARGETS)

fuzz: deps
	@$(MAKE) --no-print-directory fuzz-bins $(GUEST_COM)
	tests/fuzz/run.sh long $(FUZZ_RUNS) $(O)/tests/guest $(FUZZ_TARGETS)
