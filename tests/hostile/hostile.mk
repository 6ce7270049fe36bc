# Hostile programs and faults end to end (tests/hostile/run.sh): limits,
# handle and memory bounds, kill -9 and signals, the terminal after a crash,
# --fault in real programs, random and corrupted programs.
#   make hostile         the short run (part of check)
#   make hostile-long    200 kill -9 rounds, 1000 random and 300 corrupted
#                        programs (the counts in docs/hostile.md)
HOSTILE_ASM := $(wildcard tests/hostile/progs/*.asm)
HOSTILE_COM := $(HOSTILE_ASM:tests/hostile/progs/%.asm=$(O)/tests/hostile/%.com)

.PHONY: hostile hostile-long

$(O)/tests/hostile/%.com: tests/hostile/progs/%.asm
	@mkdir -p $(@D)
	$(NASM) -f bin -o $@ $<

hostile: $(UNIDOS) $(HOSTILE_COM)
	HOSTILE_MODE=$(MODE) tests/hostile/run.sh $(UNIDOS) $(O)/tests/hostile

hostile-long: $(UNIDOS) $(HOSTILE_COM)
	HOSTILE_MODE=$(MODE) tests/hostile/run.sh $(UNIDOS) $(O)/tests/hostile long
