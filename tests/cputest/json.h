/* A small JSON reader for the CPU test files: parses a whole document into
 * a tree of values. Numbers are kept as doubles (the tests hold integers
 * well below 2^53). */
#ifndef UNIDOS_TESTS_CPUTEST_JSON_H
#define UNIDOS_TESTS_CPUTEST_JSON_H

#include <stdbool.h>
#include <stddef.h>

enum json_type { JSON_NULL, JSON_BOOL, JSON_NUMBER, JSON_STRING, JSON_ARRAY, JSON_OBJECT };

struct json {
    enum json_type type;
    double num;                 /* JSON_NUMBER, JSON_BOOL (0 or 1) */
    char *str;                  /* JSON_STRING; the key for object members */
    char *key;                  /* set on members of an object */
    struct json **items;        /* JSON_ARRAY elements, JSON_OBJECT members */
    size_t n;
};

/* Parse text[0..len). Returns the root, or NULL with a message in err
 * (line and reason). Free with json_free. */
struct json *json_parse(const char *text, size_t len, char *err, size_t errcap);
void json_free(struct json *j);

/* Member key of an object, or NULL (also when j is NULL or not an object). */
const struct json *json_get(const struct json *j, const char *key);
/* Element i of an array, or NULL. */
const struct json *json_at(const struct json *j, size_t i);
/* The number in j, or def when j is not a number. */
double json_num(const struct json *j, double def);

#endif
