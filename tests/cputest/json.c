/* Recursive-descent JSON parser (RFC 8259) for the CPU test tool. */
#include "tests/cputest/json.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/common.h"

#define JSON_MAX_DEPTH 64

struct parser {
    const char *p, *end, *start;
    char *err;
    size_t errcap;
    bool failed;
};

static void fail(struct parser *ps, const char *why)
{
    if (ps->failed)
        return;
    ps->failed = true;
    unsigned line = 1;
    for (const char *q = ps->start; q < ps->p; q++)
        line += *q == '\n';
    snprintf(ps->err, ps->errcap, "line %u: %s", line, why);
}

static void skip_ws(struct parser *ps)
{
    while (ps->p < ps->end && strchr(" \t\r\n", *ps->p))
        ps->p++;
}

static bool eat(struct parser *ps, char c)
{
    skip_ws(ps);
    if (ps->p < ps->end && *ps->p == c) {
        ps->p++;
        return true;
    }
    return false;
}

static struct json *new_value(enum json_type t)
{
    struct json *j = xcalloc(1, sizeof *j);
    j->type = t;
    return j;
}

static void push(struct json *arr, struct json *item)
{
    if ((arr->n & (arr->n - 1)) == 0) {     /* grow at powers of two */
        struct json **grown = realloc(arr->items, (arr->n ? arr->n * 2 : 1) * sizeof *grown);
        if (!grown)
            die("out of memory");
        arr->items = grown;
    }
    arr->items[arr->n++] = item;
}

static int hexval(char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    c = (char)(c | 0x20);
    return c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;
}

/* \uXXXX: code points below 256 are stored as one byte; others as '?'
 * (the test files hold ASCII only). */
static char unicode_escape(struct parser *ps)
{
    unsigned v = 0;
    for (int i = 0; i < 4; i++) {
        int h = ps->p < ps->end ? hexval(*ps->p++) : -1;
        if (h < 0) {
            fail(ps, "bad \\u escape");
            return '?';
        }
        v = v << 4 | (unsigned)h;
    }
    return v < 256 ? (char)v : '?';
}

static char escape(struct parser *ps)
{
    static const char k_from[] = "\"\\/bfnrt", k_to[] = "\"\\/\b\f\n\r\t";
    char c = ps->p < ps->end ? *ps->p++ : 0;
    if (c == 'u')
        return unicode_escape(ps);
    const char *at = c ? strchr(k_from, c) : NULL;
    if (!at) {
        fail(ps, "bad escape in string");
        return '?';
    }
    return k_to[at - k_from];
}

static char *parse_string(struct parser *ps)
{
    size_t cap = 16, n = 0;
    char *s = xcalloc(1, cap);
    ps->p++;                    /* opening quote */
    while (!ps->failed) {
        if (ps->p >= ps->end) {
            fail(ps, "unterminated string");
            break;
        }
        char c = *ps->p++;
        if (c == '"')
            break;
        if (c == '\\')
            c = escape(ps);
        if (n + 2 > cap) {
            char *grown = realloc(s, cap *= 2);
            if (!grown)
                die("out of memory");
            s = grown;
        }
        s[n++] = c;
        s[n] = 0;
    }
    return s;
}

static struct json *parse_value(struct parser *ps, int depth);

static struct json *parse_array(struct parser *ps, int depth)
{
    struct json *a = new_value(JSON_ARRAY);
    ps->p++;
    if (eat(ps, ']'))
        return a;
    do {
        struct json *v = parse_value(ps, depth + 1);
        if (!v)
            break;
        push(a, v);
    } while (eat(ps, ','));
    if (!ps->failed && !eat(ps, ']'))
        fail(ps, "expected ',' or ']'");
    return a;
}

static struct json *parse_object(struct parser *ps, int depth)
{
    struct json *o = new_value(JSON_OBJECT);
    ps->p++;
    if (eat(ps, '}'))
        return o;
    do {
        skip_ws(ps);
        if (ps->p >= ps->end || *ps->p != '"') {
            fail(ps, "expected a member name");
            break;
        }
        char *key = parse_string(ps);
        if (!eat(ps, ':')) {
            free(key);
            fail(ps, "expected ':'");
            break;
        }
        struct json *v = parse_value(ps, depth + 1);
        if (!v) {
            free(key);
            break;
        }
        v->key = key;
        push(o, v);
    } while (eat(ps, ','));
    if (!ps->failed && !eat(ps, '}'))
        fail(ps, "expected ',' or '}'");
    return o;
}

static struct json *parse_number(struct parser *ps)
{
    char buf[64];
    size_t n = 0;
    while (ps->p < ps->end && n + 1 < sizeof buf && strchr("+-0123456789.eE", *ps->p))
        buf[n++] = *ps->p++;
    buf[n] = 0;
    char *endp;
    struct json *j = new_value(JSON_NUMBER);
    j->num = strtod(buf, &endp);
    if (!n || *endp)
        fail(ps, "bad number");
    return j;
}

static struct json *parse_word(struct parser *ps)
{
    static const struct {
        const char *word;
        enum json_type type;
        double num;
    } k_words[] = {{"true", JSON_BOOL, 1}, {"false", JSON_BOOL, 0}, {"null", JSON_NULL, 0}};
    for (size_t i = 0; i < ARRAY_LEN(k_words); i++) {
        size_t len = strlen(k_words[i].word);
        if ((size_t)(ps->end - ps->p) >= len && !memcmp(ps->p, k_words[i].word, len)) {
            ps->p += len;
            struct json *j = new_value(k_words[i].type);
            j->num = k_words[i].num;
            return j;
        }
    }
    fail(ps, "unexpected character");
    return NULL;
}

static struct json *parse_value(struct parser *ps, int depth)
{
    skip_ws(ps);
    if (depth > JSON_MAX_DEPTH) {
        fail(ps, "nested too deeply");
        return NULL;
    }
    if (ps->p >= ps->end) {
        fail(ps, "unexpected end of input");
        return NULL;
    }
    switch (*ps->p) {
    case '{':
        return parse_object(ps, depth);
    case '[':
        return parse_array(ps, depth);
    case '"': {
        struct json *j = new_value(JSON_STRING);
        j->str = parse_string(ps);
        return j;
    }
    default:
        if (*ps->p == '-' || (*ps->p >= '0' && *ps->p <= '9'))
            return parse_number(ps);
        return parse_word(ps);
    }
}

struct json *json_parse(const char *text, size_t len, char *err, size_t errcap)
{
    struct parser ps = {text, text + len, text, err, errcap, false};
    struct json *root = parse_value(&ps, 0);
    skip_ws(&ps);
    if (!ps.failed && ps.p != ps.end)
        fail(&ps, "text after the document");
    if (ps.failed) {
        json_free(root);
        return NULL;
    }
    return root;
}

void json_free(struct json *j)
{
    if (!j)
        return;
    for (size_t i = 0; i < j->n; i++)
        json_free(j->items[i]);
    free(j->items);
    free(j->str);
    free(j->key);
    free(j);
}

const struct json *json_get(const struct json *j, const char *key)
{
    if (!j || j->type != JSON_OBJECT)
        return NULL;
    for (size_t i = 0; i < j->n; i++)
        if (!strcmp(j->items[i]->key, key))
            return j->items[i];
    return NULL;
}

const struct json *json_at(const struct json *j, size_t i)
{
    if (!j || j->type != JSON_ARRAY || i >= j->n)
        return NULL;
    return j->items[i];
}

double json_num(const struct json *j, double def)
{
    return j && (j->type == JSON_NUMBER || j->type == JSON_BOOL) ? j->num : def;
}
