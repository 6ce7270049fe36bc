# unidos build. MODE=dbg (default) | rel | asan | ubsan; outputs in o/$(MODE)/.
# Targets: all run check unit guest cli config corpus headers format format-check bench clean deps
# shelltest installcheck
# install uninstall (PREFIX=/usr/local, DESTDIR; the optimised build unless MODE is given)

ifeq ($(origin MODE),undefined)
ifneq ($(filter install,$(MAKECMDGOALS)),)
MODE := rel
endif
endif
MODE ?= dbg
O := o/$(MODE)
CC ?= cc
PKG_CONFIG ?= pkg-config
NASM ?= nasm

WARNINGS := -Wall -Wextra -Wpedantic -Wshadow -Wundef -Wwrite-strings \
	-Wstrict-prototypes -Wmissing-prototypes -Wold-style-definition -Wvla \
	-Wformat=2 -Wno-format-nonliteral -Wno-format-truncation -Wcast-qual -Wpointer-arith
CSTD := -std=c11 -D_GNU_SOURCE
CPPFLAGS += -I. -MMD -MP -DUNIDOS_VERSION='"$(VERSION)"'
CFLAGS_dbg := -O1 -g -DUNIDOS_ASSERTS
CFLAGS_rel := -O2 -g -DNDEBUG
CFLAGS_asan := -O1 -g -fsanitize=address,undefined -fno-omit-frame-pointer -DUNIDOS_ASSERTS
CFLAGS_ubsan := -O1 -g -fsanitize=undefined -fno-sanitize-recover=undefined -DUNIDOS_ASSERTS
CFLAGS += $(CSTD) $(WARNINGS) $(CFLAGS_$(MODE)) $(EXTRA_CFLAGS)
LDFLAGS += $(filter -fsanitize=%,$(CFLAGS_$(MODE)))
ifeq ($(WERROR),1)
CFLAGS += -Werror
endif
# The version: `git describe` from the last release tag (v0.1.0 gives
# 0.1.0, later commits 0.1.0-N-gHASH), else BASE_VERSION (a build without
# git or without the tags). Bump BASE_VERSION with each CHANGELOG entry.
BASE_VERSION := 0.1.0
GIT_VERSION := $(shell [ -e .git ] && git describe --tags --match 'v[0-9]*' --dirty 2>/dev/null)
VERSION := $(or $(patsubst v%,%,$(GIT_VERSION)),$(BASE_VERSION))

# Unicorn is linked statically when Debian's libunicorn.a is there: loading
# the 19 MB shared library costs ~10 ms per start, the static non-PIE link ~1.
UC_LIBDIR := $(shell $(PKG_CONFIG) --variable=libdir unicorn 2>/dev/null)
UC_STATIC := $(wildcard $(UC_LIBDIR)/libunicorn.a)
ifneq ($(UC_STATIC),)
UC_LIBS := $(UC_STATIC) -lpthread -lm
# Unicorn 2.0.1 builds and frees a GLib tree on every guest store to RAM
# (page_collection_lock, dead work since Unicorn ignores page locks; fixed
# upstream in 2.0.2, unicorn PR #1838): stores run ~10x slower than loads.
# A copy of the archive with those two symbols weakened lets the no-op
# definitions in cpu/uc_fastpath.c replace them (see that file). Its memset
# calls go to unidos_uc_memset there: flushing the translation cache
# zeroes a 1 GiB buffer, given back as pages instead (cpu/tcache.c). Its
# mmap64 calls go to unidos_uc_mmap: the code buffer is seen as it is made,
# with no /proc/self/maps read (cpu/tcache.c). MOV DR7 with an instruction
# breakpoint crashed the process (unicorn issue #2001): the weakened
# cpu_breakpoint_insert_x86_64 is replaced by a refusal (cpu/uc_fastpath.c).
UC_VERSION := $(shell $(PKG_CONFIG) --modversion unicorn 2>/dev/null)
ifeq ($(UC_VERSION),2.0.1)
UC_FAST := $(O)/libunicorn-fastpath.a
UC_LIBS := $(UC_FAST) -lpthread -lm
CPPFLAGS += -DUNIDOS_UC_FASTPATH
endif
LDFLAGS += -no-pie
else
UC_LIBS := $(shell $(PKG_CONFIG) --libs unicorn 2>/dev/null)
endif
CPPFLAGS += $(shell $(PKG_CONFIG) --cflags unicorn 2>/dev/null)
# Zip drives: minizip (and zlib) from pkg-config. Shared: Debian's static
# libz.a and libunicorn.a both define crc32.
ZIP_CFLAGS := $(shell $(PKG_CONFIG) --cflags minizip 2>/dev/null)
ZIP_LIBS := $(shell $(PKG_CONFIG) --libs minizip 2>/dev/null)
CPPFLAGS += $(ZIP_CFLAGS)
# minizip (zip drives) and libpng (golden screenshots) are opened at run
# time too (fs/drive_zip.c, video/png_read.c: base/dynlib.c); the unit
# tests, which write zips and PNGs, link them.
$(O)/fs/drive_zip.o: CPPFLAGS += -DUNIDOS_MINIZIP_SONAME='"$(call soname_of,minizip,minizip)"'
$(O)/video/png_read.o: CPPFLAGS += -DUNIDOS_PNG_SONAME='"$(call soname_of,libpng,png16)"'
# CD images: ISO 9660 through libiso9660 (libcdio); CD audio files through
# libsndfile (WAV, FLAC, Ogg Vorbis, AIFF) and libmpg123 (MP3). All are
# opened at run time (fs/drive_cd.c, fs/cd_afile.c): only their headers are
# used here, and libiso9660's soname is taken from the installed library.
CD_PKGS := libiso9660 libcdio sndfile libmpg123
CD_CFLAGS := $(shell $(PKG_CONFIG) --cflags $(CD_PKGS) 2>/dev/null)
# The soname of pkg-config package $(1)'s library lib$(2).so, as installed.
soname_of = $(or $(shell objdump -p $(shell $(PKG_CONFIG) --variable=libdir $(1) 2>/dev/null)/lib$(2).so 2>/dev/null | awk '/SONAME/ {print $$2}'),lib$(2).so)
CPPFLAGS += $(CD_CFLAGS)
$(O)/fs/drive_cd.o: CPPFLAGS += -DUNIDOS_ISO9660_SONAME='"$(call soname_of,libiso9660,iso9660)"'
# PNG files read back (golden screenshots): libpng.
PNG_CFLAGS := $(shell $(PKG_CONFIG) --cflags libpng 2>/dev/null)
PNG_LIBS := $(shell $(PKG_CONFIG) --libs libpng 2>/dev/null)
$(O)/video/png_read.o: CPPFLAGS += $(PNG_CFLAGS)
# Configuration files: libinih.
INIH_CFLAGS := $(shell $(PKG_CONFIG) --cflags inih 2>/dev/null)
INIH_LIBS := $(shell $(PKG_CONFIG) --libs inih 2>/dev/null)
$(O)/base/ini.o: CPPFLAGS += $(INIH_CFLAGS)
CHECK_CFLAGS := $(shell $(PKG_CONFIG) --cflags check 2>/dev/null)
CHECK_LIBS := $(shell $(PKG_CONFIG) --libs check 2>/dev/null)
# Nuked OPL3 from libadplug: the static archive contributes only the C core.
ADPLUG_LIBDIR := $(shell $(PKG_CONFIG) --variable=libdir adplug 2>/dev/null)
ADPLUG_STATIC := $(wildcard $(ADPLUG_LIBDIR)/libadplug.a)
AUDIO_LIBS := $(or $(ADPLUG_STATIC),-ladplug) -ldl
# libfluidsynth is opened at run time (audio/synth_fluid.c); only its header is used here.
$(O)/audio/synth_fluid.o: CPPFLAGS += $(if $(shell $(PKG_CONFIG) --exists fluidsynth && echo y),-DUNIDOS_HAVE_FLUIDSYNTH)

LIB_DIRS := base bus cpu hw bios loader fs dosapi dpmi shell
LIB_DIRS += video
LIB_DIRS += audio
LIB_DIRS += ui machine harness
LIB_SRCS := $(foreach d,$(LIB_DIRS),$(wildcard $(d)/*.c))
LIB_OBJS := $(LIB_SRCS:%.c=$(O)/%.o)
# The built-in shell's guest stub (Z:\COMMAND.COM), assembled and embedded.
LIB_OBJS += $(O)/shell/command_com.o
UNIDOS := $(O)/unidos
MAN_PAGE := unidos.1
COMPLETIONS := $(O)/share/unidos.bash $(O)/share/_unidos
APP_OBJS := $(patsubst %.c,$(O)/%.o,$(wildcard app/*.c))
ICON_SIZES := 16 32 48 64 128 256
ICONS := $(O)/icons/unidos-256.png
UNIT_SRCS := $(wildcard tests/unit/*.c)
UNIT_BIN := $(O)/tests/unit/run
GUEST_ASM := $(wildcard tests/guest/*.asm)
GUEST_COM := $(GUEST_ASM:tests/guest/%.asm=$(O)/tests/guest/%.com)
SHELL_TEST_COM := $(patsubst tests/shell/progs/%.asm,$(O)/tests/shell/%.com,$(wildcard tests/shell/progs/*.asm))
AUDIO_ASM := $(wildcard tests/audio/*.asm)
AUDIO_COM := $(AUDIO_ASM:tests/audio/%.asm=$(O)/tests/audio/%.com)
WAVCHECK := $(O)/tests/audio/wavcheck
HEADERS := $(foreach d,$(LIB_DIRS),$(wildcard $(d)/*.h))
CPUTEST_BIN := $(O)/tests/cputest/cputest

# ROM fonts: code page 437 glyphs converted at build time from Debian's
# console-data (the VGA 8x16 font; the 8x14/8x8 ones are code page 865, which
# differs from 437 in three glyphs, taken from the code page 850 fonts).
CONSOLEFONTS ?= /usr/share/consolefonts
FONT_NAMES := 8x8 8x14 8x16 850_8x8 850_8x14 850_8x16
FONT_OBJS := $(FONT_NAMES:%=$(O)/gen/video/font_%.o)
FONT_ARGS_8x16 := 16 $(CONSOLEFONTS)/default8x16.psf.gz
FONT_CP437_FIX = 9B=$(CONSOLEFONTS)/cp850-$(1).psf.gz:BD 9D=$(CONSOLEFONTS)/cp850-$(1).psf.gz:BE \
	AF=$(CONSOLEFONTS)/cp850-$(1).psf.gz:AF
FONT_ARGS_8x14 := 14 $(CONSOLEFONTS)/cp865-8x14.psf.gz $(call FONT_CP437_FIX,8x14)
FONT_ARGS_8x8 := 8 $(CONSOLEFONTS)/cp865-8x8.psf.gz $(call FONT_CP437_FIX,8x8)
# Code page 850 (KEYB's Western European layouts) as console-data has it.
FONT_ARGS_850_8x16 := 16 $(CONSOLEFONTS)/cp850-8x16.psf.gz
FONT_ARGS_850_8x14 := 14 $(CONSOLEFONTS)/cp850-8x14.psf.gz
FONT_ARGS_850_8x8 := 8 $(CONSOLEFONTS)/cp850-8x8.psf.gz
# zlib (PNG screenshots, zip drives) stays shared: Debian's libz.a and
# libunicorn.a both define crc32, and minizip needs the shared one anyway.
LDLIBS_Z := $(PNG_LIBS) -lz -ldl $(INIH_LIBS)
# unidos itself opens libpng with dlopen (video/png_read.c).
LDLIBS_APP := -lz -ldl $(INIH_LIBS)
LIB_OBJS += $(FONT_OBJS)
.SECONDARY: $(FONT_OBJS:.o=.c)
# SDL2 is loaded with dlopen on first use (ui/ui_sdl.c): only its headers here.
SDL_CFLAGS := $(shell $(PKG_CONFIG) --cflags sdl2 2>/dev/null)
$(O)/ui/ui_sdl.o $(O)/ui/ui_sdl_view.o $(O)/ui/ui_sdl_keys.o $(O)/ui/ui_sdl_x11.o: \
	CPPFLAGS += $(SDL_CFLAGS)
$(O)/ui/ui_sdl_impl.h.ok: CPPFLAGS += $(SDL_CFLAGS)

.PHONY: all run check unit guest cli corpus dpmi headers format bench clean deps cputest video drives audio shelltest
.PHONY: regress difftest idle format-check screentext install uninstall config installcheck lockstep
.PHONY: notes-check
.DELETE_ON_ERROR:

all: $(UNIDOS) $(ICONS) $(MAN_PAGE) $(COMPLETIONS)

$(O)/%.o: %.c
	@mkdir -p $(@D)
	$(CC) $(CPPFLAGS) $(CFLAGS) -c -o $@ $<

# app/main.c prints the version: rebuild it when the version changes.
VERSION_STAMP := $(O)/gen/version
$(shell mkdir -p $(O)/gen && (echo '$(VERSION)' | cmp -s - $(VERSION_STAMP) || echo '$(VERSION)' > $(VERSION_STAMP)))
$(APP_OBJS): $(VERSION_STAMP)

# SDL audio is opened at run time (ui/audio_sdl.c); only its headers are used here.
$(O)/ui/audio_sdl.o: CPPFLAGS += $(SDL_CFLAGS)

$(UC_FAST): $(UC_STATIC) Makefile
	@mkdir -p $(@D)
	objcopy --weaken-symbol=page_collection_lock_x86_64 \
		--weaken-symbol=page_collection_unlock_x86_64 \
		--weaken-symbol=cpu_breakpoint_insert_x86_64 \
		--redefine-sym memset=unidos_uc_memset \
		--redefine-sym mmap64=unidos_uc_mmap $< $@

$(O)/libunidos.a: $(LIB_OBJS)
	@rm -f $@
	ar rcs $@ $^

$(UNIDOS): $(APP_OBJS) $(O)/libunidos.a | $(UC_FAST)
	$(CC) $(LDFLAGS) -o $@ $^ $(UC_LIBS) $(LDLIBS_APP) $(AUDIO_LIBS)

$(O)/tests/unit/%.o: tests/unit/%.c
	@mkdir -p $(@D)
	$(CC) $(CPPFLAGS) $(CHECK_CFLAGS) $(PNG_CFLAGS) $(CFLAGS) -Wno-missing-prototypes -c -o $@ $<

$(UNIT_BIN): $(UNIT_SRCS:%.c=$(O)/%.o) $(O)/libunidos.a | $(UC_FAST)
	$(CC) $(LDFLAGS) -o $@ $^ $(CHECK_LIBS) $(UC_LIBS) $(ZIP_LIBS) $(LDLIBS_Z) $(AUDIO_LIBS)

$(O)/tests/guest/%.com: tests/guest/%.asm $(wildcard tests/guest/*.inc)
	@mkdir -p $(@D)
	$(NASM) -f bin -I tests/guest/ -o $@ $<

$(O)/tests/audio/%.com: tests/audio/%.asm $(wildcard tests/audio/*.inc)
	@mkdir -p $(@D)
	$(NASM) -f bin -I tests/audio/ -o $@ $<

$(WAVCHECK): tests/audio/wavcheck.c
	@mkdir -p $(@D)
	$(CC) $(CSTD) -I. -O2 -Wall -Wextra -o $@ $< -lm

# The CPU test tool over the corpus's cputests (tests/cputest/run.sh); JSON
# through cJSON.
CJSON_CFLAGS := $(shell $(PKG_CONFIG) --cflags libcjson 2>/dev/null)
CJSON_LIBS := $(shell $(PKG_CONFIG) --libs libcjson 2>/dev/null)
$(O)/tests/cputest/%.o: CPPFLAGS += $(CJSON_CFLAGS)
$(CPUTEST_BIN): $(patsubst %.c,$(O)/%.o,$(wildcard tests/cputest/*.c)) $(O)/libunidos.a | $(UC_FAST)
	$(CC) $(LDFLAGS) -o $@ $^ $(UC_LIBS) $(CJSON_LIBS) -lz

cputest: $(CPUTEST_BIN)
	tests/cputest/run.sh $(CPUTEST_BIN)

# Lockstep differential tests of the CPU tiers (tests/lockstep, docs/tiers.md).
LOCKSTEP_BIN := $(O)/tests/lockstep/lockstep
LOCKSTEP_SECONDS ?= 60
$(LOCKSTEP_BIN): $(patsubst %.c,$(O)/%.o,$(wildcard tests/lockstep/*.c)) $(O)/libunidos.a | $(UC_FAST)
	$(CC) $(LDFLAGS) -o $@ $^ $(UC_LIBS)

lockstep: $(LOCKSTEP_BIN)
	tests/lockstep/run.sh $(LOCKSTEP_BIN) $(LOCKSTEP_SECONDS)

$(O)/shell/command.com: shell/command.asm
	@mkdir -p $(@D)
	$(NASM) -f bin -o $@ $<

$(O)/shell/command_com.c: $(O)/shell/command.com tools/bin2c.sh
	tools/bin2c.sh shell_command_com $< > $@

$(O)/shell/command_com.o: $(O)/shell/command_com.c
	$(CC) $(CPPFLAGS) $(CFLAGS) -Wno-missing-variable-declarations -c -o $@ $<

$(O)/tests/shell/%.com: tests/shell/progs/%.asm
	@mkdir -p $(@D)
	$(NASM) -f bin -o $@ $<

# Batch files with golden output, the guest shells, system() from MS C.
shelltest: $(UNIDOS) $(SHELL_TEST_COM)
	tests/shell/run.sh $(UNIDOS) $(O)/tests/shell

deps:
	@tools/deps.sh

$(O)/tools/psf2c: tools/psf2c.c
	@mkdir -p $(@D)
	$(CC) $(CSTD) -I. -O1 -Wall -o $@ $< -lz

$(O)/gen/video/font_%.c: $(O)/tools/psf2c
	@mkdir -p $(@D)
	$(O)/tools/psf2c vid_font_$* $(word 1,$(FONT_ARGS_$*)) $@ $(wordlist 2,99,$(FONT_ARGS_$*))

$(O)/gen/video/font_%.o: $(O)/gen/video/font_%.c
	$(CC) $(CPPFLAGS) $(CFLAGS) -c -o $@ $<

# unidos' icon (ui/icon.c) as PNG files for desktops (the window draws its own).
$(O)/tools/mkicon: tools/mkicon.c $(O)/libunidos.a
	$(CC) $(CPPFLAGS) $(CFLAGS) $(LDFLAGS) -o $@ $(filter %.c %.a,$^) $(LDLIBS_Z)

$(ICONS): $(O)/tools/mkicon
	@mkdir -p $(@D)
	$(O)/tools/mkicon $(@D) $(ICON_SIZES)

# The manual page (man ./unidos.1) and the shell completions, written by
# unidos from its option tables: --help and they cannot disagree.
$(MAN_PAGE): $(UNIDOS)
	$(UNIDOS) --generate man > $@
$(O)/share/unidos.bash: $(UNIDOS)
	@mkdir -p $(@D)
	$(UNIDOS) --generate complete-bash > $@
$(O)/share/_unidos: $(UNIDOS)
	@mkdir -p $(@D)
	$(UNIDOS) --generate complete-zsh > $@

# ---- installing ----
PREFIX ?= /usr/local
BINDIR = $(PREFIX)/bin
DATADIR = $(PREFIX)/share
MANDIR = $(DATADIR)/man/man1
DOCDIR = $(DATADIR)/doc/unidos
BASH_COMPLETION_DIR = $(DATADIR)/bash-completion/completions
ZSH_COMPLETION_DIR = $(DATADIR)/zsh/site-functions
APP_ID := io.github.unidos
INSTALL ?= install
DOC_FILES := README.md CHANGELOG.md LICENSE
ICON_DIR = $(DATADIR)/icons/hicolor
INSTALLED := $(BINDIR)/unidos $(MANDIR)/unidos.1 $(BASH_COMPLETION_DIR)/unidos \
	$(ZSH_COMPLETION_DIR)/_unidos $(DATADIR)/applications/unidos.desktop \
	$(DATADIR)/mime/packages/unidos.xml $(DATADIR)/metainfo/$(APP_ID).metainfo.xml \
	$(foreach n,$(ICON_SIZES),$(ICON_DIR)/$(n)x$(n)/apps/unidos.png)
# After a real install (no DESTDIR): the desktop's caches, when their tools exist.
define refresh_desktop
	-command -v update-mime-database >/dev/null && update-mime-database $(DATADIR)/mime
	-command -v update-desktop-database >/dev/null && update-desktop-database -q $(DATADIR)/applications
	-command -v gtk-update-icon-cache >/dev/null && gtk-update-icon-cache -q -t $(DATADIR)/icons/hicolor
endef

install: all
	$(INSTALL) -d $(DESTDIR)$(BINDIR) $(DESTDIR)$(MANDIR) $(DESTDIR)$(BASH_COMPLETION_DIR) \
		$(DESTDIR)$(ZSH_COMPLETION_DIR) $(DESTDIR)$(DATADIR)/applications \
		$(DESTDIR)$(DATADIR)/mime/packages $(DESTDIR)$(DATADIR)/metainfo $(DESTDIR)$(DOCDIR)/docs
	$(INSTALL) -m 755 $(UNIDOS) $(DESTDIR)$(BINDIR)/unidos
	$(INSTALL) -m 644 $(MAN_PAGE) $(DESTDIR)$(MANDIR)/unidos.1
	$(INSTALL) -m 644 $(O)/share/unidos.bash $(DESTDIR)$(BASH_COMPLETION_DIR)/unidos
	$(INSTALL) -m 644 $(O)/share/_unidos $(DESTDIR)$(ZSH_COMPLETION_DIR)/_unidos
	$(INSTALL) -m 644 data/unidos.desktop $(DESTDIR)$(DATADIR)/applications/unidos.desktop
	$(INSTALL) -m 644 data/unidos-mime.xml $(DESTDIR)$(DATADIR)/mime/packages/unidos.xml
	$(INSTALL) -m 644 data/unidos.metainfo.xml $(DESTDIR)$(DATADIR)/metainfo/$(APP_ID).metainfo.xml
	$(INSTALL) -m 644 $(DOC_FILES) $(DESTDIR)$(DOCDIR)
	$(INSTALL) -m 644 docs/*.md $(DESTDIR)$(DOCDIR)/docs
	cp -R examples $(DESTDIR)$(DOCDIR)/
	for n in $(ICON_SIZES); do $(INSTALL) -D -m 644 $(O)/icons/unidos-$$n.png \
		$(DESTDIR)$(ICON_DIR)/$${n}x$$n/apps/unidos.png || exit 1; done
	$(if $(DESTDIR),,$(refresh_desktop))

uninstall:
	rm -f $(addprefix $(DESTDIR),$(INSTALLED))
	rm -rf $(DESTDIR)$(DOCDIR)
	$(if $(DESTDIR),,$(refresh_desktop))

# The bundled demo: a program built from source, run end to end.
run: deps
	@$(MAKE) --no-print-directory $(UNIDOS) $(O)/demo/demo.com
	$(UNIDOS) $(O)/demo/demo.com

$(O)/demo/%.com: demo/%.asm
	@mkdir -p $(@D)
	$(NASM) -f bin -o $@ $<

unit: $(UNIT_BIN)
	$(UNIT_BIN)

# The fixtures in the default tier, then with each tier forced (docs/tiers.md).
guest: $(UNIDOS) $(GUEST_COM) $(O)/tests/tools/pngcmp
	PNGCMP=$(O)/tests/tools/pngcmp tests/guest/run.sh $(UNIDOS) $(O)/tests/guest
	UNIDOS_CPU_TIER=interp PNGCMP=$(O)/tests/tools/pngcmp tests/guest/run.sh $(UNIDOS) $(O)/tests/guest
	UNIDOS_CPU_TIER=jit PNGCMP=$(O)/tests/tools/pngcmp tests/guest/run.sh $(UNIDOS) $(O)/tests/guest

corpus: $(UNIDOS) $(GUEST_COM)
	tests/corpus/run.sh $(UNIDOS) $(O)/tests/guest

audio: $(UNIDOS) $(AUDIO_COM) $(WAVCHECK)
	tests/audio/run.sh $(UNIDOS) $(O)/tests/audio $(WAVCHECK)

cli: $(UNIDOS) $(GUEST_COM)
	tests/cli/run.sh $(UNIDOS) $(O)/tests/guest

# Waiting for input (issue 16): every polling route sleeps in every frontend,
# memory stays flat, keys arrive, ended input ends the program, signals and
# --timeout end a wait on a silent pipe.
idle: $(UNIDOS) $(GUEST_COM)
	tests/idle/run.sh $(UNIDOS) $(O)/tests/guest

# Configuration files, DOSBox configurations, MOUNT and friends at the prompt.
config: $(UNIDOS) $(GUEST_COM)
	tests/config/run.sh $(UNIDOS) $(O)/tests/guest

# make install into a temporary DESTDIR, checked as a distribution would.
installcheck: all
	tests/install/run.sh $(MODE)

# Screens and keyboards end to end: headless, terminal (tmux), window (Xvfb).
video: $(UNIDOS) $(O)/tests/tools/pngcmp
	tests/video/run.sh $(UNIDOS) $(O)/tests/tools/pngcmp
	tests/video/window.sh $(UNIDOS) $(O)/tests/tools/pngcmp

# pngcmp: the golden-file PNG comparator (harness/golden.c) on the command line.
$(O)/tests/tools/pngcmp: $(O)/tests/tools/pngcmp.o $(O)/libunidos.a
	$(CC) $(LDFLAGS) -o $@ $^ $(LDLIBS_Z)

# The DPMI host end to end: reasons, memory over 1,000 clients, the corpus's
# protected-mode programs.
dpmi: $(UNIDOS) $(GUEST_COM) $(O)/tests/tools/pngcmp
	tests/dpmi/run.sh $(UNIDOS) $(O)/tests/guest $(O)/tests/tools/pngcmp

# The screen's text for the command-line user: stdout a pipe, a file, a
# terminal (tmux).
screentext: $(UNIDOS)
	tests/screentext/run.sh $(UNIDOS)

# Drives end to end: zip, read-only and lower-case mounts, aliases, kill -9;
# disk and CD images built in the run (tests/drives/images.sh).
drives: $(UNIDOS) $(GUEST_COM) $(WAVCHECK)
	tests/drives/run.sh $(UNIDOS) $(O)/tests/guest
	tests/drives/images.sh $(UNIDOS) $(O)/tests/guest $(WAVCHECK)

# Every run in make check is audited: one that ends with status 0 must not
# have printed a "note:" line on stderr (UNIDOS_NOTE_AUDIT, app/main.c).
NOTE_AUDIT := $(abspath $(O))/note-audit.txt
AUDITED := UNIDOS_NOTE_AUDIT=$(NOTE_AUDIT) $(MAKE) --no-print-directory

check: deps
	@$(MAKE) --no-print-directory format-check
	@$(MAKE) --no-print-directory all $(UNIT_BIN) $(GUEST_COM) $(CPUTEST_BIN) $(LOCKSTEP_BIN) $(AUDIO_COM) $(WAVCHECK)
	@rm -f $(NOTE_AUDIT)
	@$(AUDITED) unit guest cli config drives corpus dpmi cputest lockstep shelltest headers video screentext audio
	@$(AUDITED) installcheck
	@$(AUDITED) idle
	@$(AUDITED) regress difftest
	@$(AUDITED) hostile fuzz-short
	@$(MAKE) --no-print-directory notes-check

# The audit's verdict: no clean run spoke.
notes-check:
	@if [ -s $(NOTE_AUDIT) ]; then \
	    echo "not ok - runs that exited 0 printed notes on stderr:"; \
	    sed 's/^/#   /' $(NOTE_AUDIT); exit 1; \
	fi; echo "ok - no run that exited 0 printed a note on stderr"

# Regression testing (unidos test): tests/cases and examples/, the harness
# failing on purpose, --update, JUnit, record/replay, determinism.
regress: $(UNIDOS) $(GUEST_COM) $(AUDIO_COM)
	tests/regress/run.sh $(UNIDOS) $(O)/tests/guest $(O)/tests/audio

# DOSBox 0.74 as the reference: corpus cases under both, outputs, files and
# ERRORLEVELs compared (tests/difftest/run.sh; skipped without dosbox).
DIFFTEST_COM := $(O)/tests/difftest/snap.com
$(O)/tests/difftest/%.com: tests/difftest/progs/%.asm
	@mkdir -p $(@D)
	$(NASM) -f bin -o $@ $<

difftest: $(UNIDOS) $(DIFFTEST_COM) $(SHELL_TEST_COM) $(GUEST_COM) $(O)/tests/tools/pngcmp
	tests/difftest/run.sh $(UNIDOS) $(O) $(O)/tests/tools/pngcmp $(DIFFTEST_CASES)

# Every header compiles on its own, and no layer includes a higher one.
headers: $(HEADERS:%.h=$(O)/%.h.ok)
	@tools/layers.sh
$(O)/%.h.ok: %.h
	@mkdir -p $(@D)
	@printf '#include "%s"\ntypedef int unidos_header_ok_;\n' $< | \
		$(CC) $(CPPFLAGS) $(CFLAGS) -fsyntax-only -x c -o /dev/null - && touch $@

# The style of .clang-format: format rewrites the files, format-check lists
# what differs and fails (the first step of make check, so CI runs it).
FORMAT_FILES = $(LIB_SRCS) $(wildcard app/*.c app/*.h) $(HEADERS)
format:
	clang-format -i $(FORMAT_FILES)

format-check:
	@clang-format --dry-run --Werror $(FORMAT_FILES)

bench: deps
	@$(MAKE) --no-print-directory MODE=rel o/rel/unidos o/rel/bench/bare
	bench/run.sh o/rel/unidos o/rel/bench/bare
	bench/video.sh o/rel/unidos
	bench/audio.sh o/rel/unidos
	bench/regress.sh o/rel/unidos
	bench/graphics.sh o/rel/unidos
	bench/speed.sh o/rel/unidos
	bench/dpmi.sh o/rel/unidos
	bench/screentext.sh o/rel/unidos
	bench/images.sh o/rel/unidos
	bench/idle.sh o/rel/unidos

$(O)/bench/bare: bench/bare.c
	@mkdir -p $(@D)
	$(CC) $(CPPFLAGS) $(CSTD) -O2 $(LDFLAGS) -o $@ $< $(UC_STATIC) -lpthread -lm

clean:
	rm -rf o

# Fuzz targets: make fuzz (long runs), make fuzz-short (in check).
include tests/fuzz/fuzz.mk
include tests/hostile/hostile.mk

-include $(shell find $(O) -name '*.d' 2>/dev/null)
