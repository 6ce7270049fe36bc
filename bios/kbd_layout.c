/* The layouts (IBM/Microsoft national keyboards as KEYB.COM of MS-DOS 5
 * and 6 maps them; the code pages from its table: US and UK 437, the
 * others 850, which Norway and Denmark have beside 865), dead-key
 * composition, and characters back to key presses. */
#include "bios/kbd_layout.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <uchar.h>

#include "base/codepage.h"
#include "base/common.h"
#include "bios/kbd_table.h"

#define L KBD_LETTER
#define DN KBD_DEAD(KBD_COL_NORMAL)
#define DS KBD_DEAD(KBD_COL_SHIFT)
#define DA KBD_DEAD(KBD_COL_ALTGR)
#define SCAN_FIRST 0x02
#define SCAN_LAST 0x56
#define CH_SPACE 0x20
#define CH_DEL 0x7F
#define CTRL_FIRST 0x01 /* Ctrl+A */
#define CTRL_LAST 0x1A  /* Ctrl+Z */

/* United Kingdom (KEYB UK). */
static const struct kbd_lkey k_uk[] = {
    {0x29, {u'`', u'¬', u'¦'}, 0}, {0x03, {u'2', u'"', 0}, 0}, {0x04, {u'3', u'£', 0}, 0},
    {0x28, {u'\'', u'@', 0}, 0},   {0x2B, {u'#', u'~', 0}, 0}, {0x56, {u'\\', u'|', 0}, 0},
};

/* Germany (KEYB GR): QWERTZ, dead ^ ´ `. */
static const struct kbd_lkey k_de[] = {
    {0x29, {u'^', u'°', 0}, DN},    {0x03, {u'2', u'"', u'²'}, 0},
    {0x04, {u'3', u'§', u'³'}, 0},  {0x07, {u'6', u'&', 0}, 0},
    {0x08, {u'7', u'/', u'{'}, 0},  {0x09, {u'8', u'(', u'['}, 0},
    {0x0A, {u'9', u')', u']'}, 0},  {0x0B, {u'0', u'=', u'}'}, 0},
    {0x0C, {u'ß', u'?', u'\\'}, 0}, {0x0D, {u'´', u'`', 0}, DN | DS},
    {0x10, {u'q', u'Q', u'@'}, L},  {0x15, {u'z', u'Z', 0}, L},
    {0x1A, {u'ü', u'Ü', 0}, L},     {0x1B, {u'+', u'*', u'~'}, 0},
    {0x27, {u'ö', u'Ö', 0}, L},     {0x28, {u'ä', u'Ä', 0}, L},
    {0x2B, {u'#', u'\'', 0}, 0},    {0x2C, {u'y', u'Y', 0}, L},
    {0x32, {u'm', u'M', u'µ'}, L},  {0x33, {u',', u';', 0}, 0},
    {0x34, {u'.', u':', 0}, 0},     {0x35, {u'-', u'_', 0}, 0},
    {0x56, {u'<', u'>', u'|'}, 0},
};

/* France (KEYB FR): AZERTY, digits with Shift, dead ^ ¨ and AltGr ~ `. */
static const struct kbd_lkey k_fr[] = {
    {0x29, {u'²', 0, 0}, 0},        {0x02, {u'&', u'1', 0}, 0},
    {0x03, {u'é', u'2', u'~'}, DA}, {0x04, {u'"', u'3', u'#'}, 0},
    {0x05, {u'\'', u'4', u'{'}, 0}, {0x06, {u'(', u'5', u'['}, 0},
    {0x07, {u'-', u'6', u'|'}, 0},  {0x08, {u'è', u'7', u'`'}, DA},
    {0x09, {u'_', u'8', u'\\'}, 0}, {0x0A, {u'ç', u'9', u'^'}, 0},
    {0x0B, {u'à', u'0', u'@'}, 0},  {0x0C, {u')', u'°', u']'}, 0},
    {0x0D, {u'=', u'+', u'}'}, 0},  {0x10, {u'a', u'A', 0}, L},
    {0x11, {u'z', u'Z', 0}, L},     {0x1A, {u'^', u'¨', 0}, DN | DS},
    {0x1B, {u'$', u'£', u'¤'}, 0},  {0x1E, {u'q', u'Q', 0}, L},
    {0x27, {u'm', u'M', 0}, L},     {0x28, {u'ù', u'%', 0}, 0},
    {0x2B, {u'*', u'µ', 0}, 0},     {0x2C, {u'w', u'W', 0}, L},
    {0x32, {u',', u'?', 0}, 0},     {0x33, {u';', u'.', 0}, 0},
    {0x34, {u':', u'/', 0}, 0},     {0x35, {u'!', u'§', 0}, 0},
    {0x56, {u'<', u'>', 0}, 0},
};

/* Italy (KEYB IT). */
static const struct kbd_lkey k_it[] = {
    {0x29, {u'\\', u'|', 0}, 0},   {0x03, {u'2', u'"', 0}, 0},    {0x04, {u'3', u'£', 0}, 0},
    {0x07, {u'6', u'&', 0}, 0},    {0x08, {u'7', u'/', 0}, 0},    {0x09, {u'8', u'(', 0}, 0},
    {0x0A, {u'9', u')', 0}, 0},    {0x0B, {u'0', u'=', 0}, 0},    {0x0C, {u'\'', u'?', 0}, 0},
    {0x0D, {u'ì', u'^', 0}, 0},    {0x1A, {u'è', u'é', u'['}, 0}, {0x1B, {u'+', u'*', u']'}, 0},
    {0x27, {u'ò', u'ç', u'@'}, 0}, {0x28, {u'à', u'°', u'#'}, 0}, {0x2B, {u'ù', u'§', 0}, 0},
    {0x33, {u',', u';', 0}, 0},    {0x34, {u'.', u':', 0}, 0},    {0x35, {u'-', u'_', 0}, 0},
    {0x56, {u'<', u'>', 0}, 0},
};

/* Spain (KEYB SP): dead ` ^ ´ ¨. */
static const struct kbd_lkey k_es[] = {
    {0x29, {u'º', u'ª', u'\\'}, 0},      {0x02, {u'1', u'!', u'|'}, 0},
    {0x03, {u'2', u'"', u'@'}, 0},       {0x04, {u'3', u'·', u'#'}, 0},
    {0x05, {u'4', u'$', u'~'}, 0},       {0x07, {u'6', u'&', u'¬'}, 0},
    {0x08, {u'7', u'/', 0}, 0},          {0x09, {u'8', u'(', 0}, 0},
    {0x0A, {u'9', u')', 0}, 0},          {0x0B, {u'0', u'=', 0}, 0},
    {0x0C, {u'\'', u'?', 0}, 0},         {0x0D, {u'¡', u'¿', 0}, 0},
    {0x1A, {u'`', u'^', u'['}, DN | DS}, {0x1B, {u'+', u'*', u']'}, 0},
    {0x27, {u'ñ', u'Ñ', 0}, L},          {0x28, {u'´', u'¨', u'{'}, DN | DS},
    {0x2B, {u'ç', u'Ç', u'}'}, L},       {0x33, {u',', u';', 0}, 0},
    {0x34, {u'.', u':', 0}, 0},          {0x35, {u'-', u'_', 0}, 0},
    {0x56, {u'<', u'>', 0}, 0},
};

/* The Nordic keyboards share their number row and right-hand keys: å,
 * dead ¨ ^ and ~ (AltGr), ' *, < >, AltGr for @ £ $ { [ ] }. */
/* clang-format off */
#define NORDIC_KEYS                                                                            \
    {0x03, {u'2', u'"', u'@'}, 0}, {0x04, {u'3', u'#', u'£'}, 0},                             \
    {0x05, {u'4', u'¤', u'$'}, 0}, {0x07, {u'6', u'&', 0}, 0},                                \
    {0x08, {u'7', u'/', u'{'}, 0}, {0x09, {u'8', u'(', u'['}, 0},                             \
    {0x0A, {u'9', u')', u']'}, 0}, {0x0B, {u'0', u'=', u'}'}, 0},                             \
    {0x1A, {u'å', u'Å', 0}, L}, {0x1B, {u'¨', u'^', u'~'}, DN | DS | DA},                   \
    {0x2B, {u'\'', u'*', 0}, 0}, {0x33, {u',', u';', 0}, 0}, {0x34, {u'.', u':', 0}, 0},     \
    {0x35, {u'-', u'_', 0}, 0}
/* clang-format on */

/* Sweden and Finland (KEYB SV, SU). */
static const struct kbd_lkey k_se[] = {
    NORDIC_KEYS,
    {0x29, {u'§', u'½', 0}, 0},
    {0x0C, {u'+', u'?', u'\\'}, 0},
    {0x0D, {u'´', u'`', 0}, DN | DS},
    {0x27, {u'ö', u'Ö', 0}, L},
    {0x28, {u'ä', u'Ä', 0}, L},
    {0x56, {u'<', u'>', u'|'}, 0},
};

/* Norway (KEYB NO). */
static const struct kbd_lkey k_no[] = {
    NORDIC_KEYS,
    {0x29, {u'|', u'§', 0}, 0},
    {0x0C, {u'+', u'?', 0}, 0},
    {0x0D, {u'\\', u'`', u'´'}, DS | DA},
    {0x27, {u'ø', u'Ø', 0}, L},
    {0x28, {u'æ', u'Æ', 0}, L},
    {0x56, {u'<', u'>', 0}, 0},
};

/* Denmark (KEYB DK). */
static const struct kbd_lkey k_dk[] = {
    NORDIC_KEYS,
    {0x29, {u'½', u'§', 0}, 0},
    {0x0C, {u'+', u'?', 0}, 0},
    {0x0D, {u'´', u'`', u'|'}, DN | DS},
    {0x27, {u'æ', u'Æ', 0}, L},
    {0x28, {u'ø', u'Ø', 0}, L},
    {0x56, {u'<', u'>', u'\\'}, 0},
};

/* clang-format off */
#define LAYOUT(n, k, d, cp, keys) {n, k, d, cp, keys, ARRAY_LEN(keys)}
/* clang-format on */
static const struct kbd_layout k_layouts[] = {
    {"us", "US", "United States", CODEPAGE_437, NULL, 0},
    LAYOUT("uk", "UK", "United Kingdom", CODEPAGE_437, k_uk),
    LAYOUT("de", "GR", "German", CODEPAGE_850, k_de),
    LAYOUT("fr", "FR", "French", CODEPAGE_850, k_fr),
    LAYOUT("it", "IT", "Italian", CODEPAGE_850, k_it),
    LAYOUT("es", "SP", "Spanish", CODEPAGE_850, k_es),
    LAYOUT("se", "SV", "Swedish", CODEPAGE_850, k_se),
    LAYOUT("fi", "SU", "Finnish", CODEPAGE_850, k_se),
    LAYOUT("no", "NO", "Norwegian", CODEPAGE_850, k_no),
    LAYOUT("dk", "DK", "Danish", CODEPAGE_850, k_dk),
};

const struct kbd_layout *kbd_layout_find(const char *name)
{
    for (size_t i = 0; i < ARRAY_LEN(k_layouts); i++)
        if (!strcasecmp(name, k_layouts[i].name) || !strcasecmp(name, k_layouts[i].keyb))
            return &k_layouts[i];
    return NULL;
}

#define LAYOUT_NAME_MAX 16

bool kbd_layout_parse(const char *spec, const struct kbd_layout **l, unsigned *cp)
{
    char name[LAYOUT_NAME_MAX];
    const char *comma = strchr(spec, ',');
    size_t n = comma ? (size_t)(comma - spec) : strlen(spec);
    if (n == 0 || n >= sizeof name)
        return false;
    memcpy(name, spec, n);
    name[n] = 0;
    *l = kbd_layout_find(name);
    if (!*l)
        return false;
    *cp = (*l)->codepage;
    if (!comma || !comma[1])
        return true;
    char *end;
    unsigned long v = strtoul(comma + 1, &end, 10);
    *cp = (unsigned)v;
    return !*end && codepage_known(*cp);
}

const struct kbd_layout *kbd_layout_at(size_t i)
{
    return i < ARRAY_LEN(k_layouts) ? &k_layouts[i] : NULL;
}

const struct kbd_layout *kbd_layout_us(void)
{
    return &k_layouts[0];
}

/* The US table's row as characters: its printable normal and Shift ones. */
static bool us_row(uint8_t scan, struct kbd_lkey *out)
{
    const struct kbd_key *k = kbd_key_of(scan, false);
    uint8_t n = k ? (uint8_t)k->normal : 0, s = k ? (uint8_t)k->shift : 0;
    if (!k || (k->flags & KBD_PAD) || n < CH_SPACE || n >= CH_DEL)
        return false;
    *out = (struct kbd_lkey){.scan = scan,
                             .ch = {n, s >= CH_SPACE && s < CH_DEL ? s : 0, 0},
                             .flags = k->flags & KBD_LETTER};
    return true;
}

bool kbd_layout_lookup(const struct kbd_layout *l, uint8_t scan, struct kbd_lkey *out)
{
    for (size_t i = 0; l && i < l->nkeys; i++) {
        if (l->keys[i].scan == scan) {
            *out = l->keys[i];
            return true;
        }
    }
    return us_row(scan, out);
}

/* Each accent's letters and what they become (Unicode). */
static const struct {
    uint16_t accent;
    const char16_t *from, *to;
} k_compose[] = {
    {u'´', u"aeiouyAEIOUY", u"áéíóúýÁÉÍÓÚÝ"},
    {u'`', u"aeiouAEIOU", u"àèìòùÀÈÌÒÙ"},
    {u'^', u"aeiouAEIOU", u"âêîôûÂÊÎÔÛ"},
    {u'¨', u"aeiouyAEIOU", u"äëïöüÿÄËÏÖÜ"},
    {u'~', u"anoANO", u"ãñõÃÑÕ"},
};

uint32_t kbd_compose(uint32_t accent, uint32_t base)
{
    if (base == CH_SPACE)
        return accent;
    for (size_t i = 0; i < ARRAY_LEN(k_compose); i++) {
        if (k_compose[i].accent != accent)
            continue;
        for (size_t j = 0; k_compose[i].from[j]; j++)
            if (k_compose[i].from[j] == base)
                return k_compose[i].to[j];
    }
    return 0;
}

static const unsigned k_col_mods[KBD_COLUMNS] = {0, KBD_MOD_SHIFT, KBD_MOD_ALTGR};

/* The key typing u directly (dead: a dead key for accent u). */
static bool find_key(const struct kbd_layout *l, uint32_t u, bool dead, struct kbd_stroke *s)
{
    for (unsigned col = 0; col < KBD_COLUMNS; col++) {
        for (unsigned scan = SCAN_FIRST; scan <= SCAN_LAST; scan++) {
            struct kbd_lkey k;
            if (!kbd_layout_lookup(l, (uint8_t)scan, &k) || k.ch[col] != u ||
                !(k.flags & KBD_DEAD(col)) != !dead)
                continue;
            *s = (struct kbd_stroke){(uint8_t)scan, k_col_mods[col],
                                     col != KBD_COL_ALTGR && (k.flags & KBD_LETTER)};
            return true;
        }
    }
    return false;
}

/* A dead key and a letter that compose u. */
static size_t composed(const struct kbd_layout *l, uint32_t u, struct kbd_stroke out[2])
{
    for (size_t i = 0; i < ARRAY_LEN(k_compose); i++) {
        for (size_t j = 0; k_compose[i].to[j]; j++) {
            if (k_compose[i].to[j] == u && find_key(l, k_compose[i].accent, true, &out[0]) &&
                find_key(l, k_compose[i].from[j], false, &out[1]))
                return 2;
        }
    }
    return 0;
}

size_t kbd_strokes(const struct kbd_layout *l, unsigned cp, uint32_t u,
                   struct kbd_stroke out[KBD_MAX_STROKES])
{
    uint8_t scan;
    unsigned mods;
    if (u < CH_SPACE || u == CH_DEL) {
        if (!kbd_char_key((uint8_t)u, &scan, &mods))
            return 0;
        out[0] = (struct kbd_stroke){scan, mods, false};
        if (mods == KBD_MOD_CTRL && u >= CTRL_FIRST && u <= CTRL_LAST)
            find_key(l, u + 'a' - 1, false, &out[0]); /* Ctrl and that letter's key */
        out[0].mods = mods;
        return 1;
    }
    if (codepage_from_unicode(cp, u) < 0)
        return 0;
    if (find_key(l, u, false, &out[0]))
        return 1;
    return composed(l, u, out);
}
