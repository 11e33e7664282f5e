/* A small JSON skipper that walks already-parsed text to the place a path
 * names, so that errors found after parsing can still say line:column. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "jsonpos.h"

#define DEPTH_MAX 4096

struct cursor {
    const char *s;
    size_t len, at;
};

static void skip_ws(struct cursor *c)
{
    while (c->at < c->len && strchr(" \t\r\n", c->s[c->at]) && c->s[c->at])
        c->at++;
}

static int peek(struct cursor *c)
{
    return c->at < c->len ? (unsigned char)c->s[c->at] : -1;
}

static int hexval(int ch)
{
    if (ch >= '0' && ch <= '9')
        return ch - '0';
    if (ch >= 'a' && ch <= 'f')
        return ch - 'a' + 10;
    if (ch >= 'A' && ch <= 'F')
        return ch - 'A' + 10;
    return -1;
}

/* Reads a string at the cursor; decodes it into OUT (NUL-terminated, cut
 * at OUTSZ) when OUT is not NULL. Returns 0 or -1. */
static int read_string(struct cursor *c, char *out, size_t outsz)
{
    size_t n = 0;

    if (peek(c) != '"')
        return -1;
    c->at++;
    while (c->at < c->len && c->s[c->at] != '"') {
        char ch = c->s[c->at++];
        if (ch == '\\' && c->at < c->len) {
            char e = c->s[c->at++];
            if (e == 'u') {
                unsigned cp = 0;
                int i, h;
                for (i = 0; i < 4 && c->at < c->len; i++) {
                    if ((h = hexval(c->s[c->at++])) < 0)
                        return -1;
                    cp = cp << 4 | (unsigned)h;
                }
                /* Keys the locator compares are ASCII; keep others as '?'. */
                ch = cp < 0x80 ? (char)cp : '?';
            } else {
                const char *map = strchr("b\bf\fn\nr\rt\t", e);
                ch = map ? map[1] : e;
            }
        }
        if (out != NULL && n + 1 < outsz)
            out[n++] = ch;
    }
    if (out != NULL)
        out[n] = '\0';
    if (c->at >= c->len)
        return -1;
    c->at++;
    return 0;
}

static int skip_value(struct cursor *c, int depth)
{
    int ch, close;

    skip_ws(c);
    ch = peek(c);
    if (ch == '"')
        return read_string(c, NULL, 0);
    if (ch == '{' || ch == '[') {
        if (depth > DEPTH_MAX)
            return -1;
        close = ch == '{' ? '}' : ']';
        c->at++;
        skip_ws(c);
        if (peek(c) == close) {
            c->at++;
            return 0;
        }
        for (;;) {
            if (close == '}') {
                skip_ws(c);
                if (read_string(c, NULL, 0))
                    return -1;
                skip_ws(c);
                if (peek(c) != ':')
                    return -1;
                c->at++;
            }
            if (skip_value(c, depth + 1))
                return -1;
            skip_ws(c);
            ch = peek(c);
            c->at++;
            if (ch == close)
                return 0;
            if (ch != ',')
                return -1;
        }
    }
    if (ch < 0)
        return -1;
    while (c->at < c->len && !strchr(",]} \t\r\n", c->s[c->at]))
        c->at++;
    return 0;
}

/* With the cursor on an object, moves to the key NAME (on its opening
 * quote when AT_KEY, else on its value). */
static int enter_key(struct cursor *c, const char *name, int at_key)
{
    char buf[512];
    size_t key_at;

    skip_ws(c);
    if (peek(c) != '{')
        return -1;
    c->at++;
    for (;;) {
        skip_ws(c);
        key_at = c->at;
        if (read_string(c, buf, sizeof buf))
            return -1;
        skip_ws(c);
        if (peek(c) != ':')
            return -1;
        c->at++;
        skip_ws(c);
        if (strcmp(buf, name) == 0) {
            if (at_key)
                c->at = key_at;
            return 0;
        }
        if (skip_value(c, 0))
            return -1;
        skip_ws(c);
        if (peek(c) != ',')
            return -1;
        c->at++;
    }
}

static int enter_index(struct cursor *c, unsigned long index)
{
    unsigned long i;

    skip_ws(c);
    if (peek(c) != '[')
        return -1;
    c->at++;
    for (i = 0; i < index; i++) {
        if (skip_value(c, 0))
            return -1;
        skip_ws(c);
        if (peek(c) != ',')
            return -1;
        c->at++;
    }
    skip_ws(c);
    return peek(c) == ']' ? -1 : 0;
}

/* The line and column (in characters) of byte AT of TEXT. */
static void line_col(const char *text, size_t at, int *line, int *col)
{
    size_t i, line_start = 0;

    *line = 1;
    for (i = 0; i < at; i++) {
        if (text[i] == '\n') {
            (*line)++;
            line_start = i + 1;
        }
    }
    *col = 1;
    for (i = line_start; i < at; i++)
        if (((unsigned char)text[i] & 0xC0) != 0x80)
            (*col)++;
}

/* Appends ".KEY", or "[INDEX]" when KEY is NULL, to PATH (of CAP bytes,
 * cut short if it must be). */
static void path_add(char *path, size_t cap, const char *key,
                     unsigned long index)
{
    size_t n = strlen(path);

    if (n + 1 >= cap)
        return;
    if (key != NULL)
        snprintf(path + n, cap - n, "%s%s", n ? "." : "", key);
    else
        snprintf(path + n, cap - n, "[%lu]", index);
}

/* With the cursor on a value: 1 when the value at byte TARGET is it or in
 * it (PATH then names it), 0 when it was skipped, -1 when the text ends or
 * goes wrong first. */
static int find_at(struct cursor *c, size_t target, char *path, size_t cap,
                   int depth)
{
    /* One key at a time: kept out of the frame, which nests as deep as
     * the JSON (jansson allows 2048 levels). */
    static _Thread_local char key[256];
    unsigned long i;
    size_t n;
    int ch, close, r;

    skip_ws(c);
    if (c->at == target)
        return 1;
    if (c->at > target || depth > DEPTH_MAX)
        return -1;
    ch = peek(c);
    if (ch != '{' && ch != '[')
        return skip_value(c, depth) ? -1 : 0;
    close = ch == '{' ? '}' : ']';
    c->at++;
    skip_ws(c);
    if (peek(c) == close) {
        c->at++;
        return 0;
    }
    for (i = 0;; i++) {
        n = strlen(path);
        if (close == '}') {
            skip_ws(c);
            if (read_string(c, key, sizeof key))
                return -1;
            skip_ws(c);
            if (peek(c) != ':')
                return -1;
            c->at++;
            path_add(path, cap, key, 0);
        } else {
            path_add(path, cap, NULL, i);
        }
        if ((r = find_at(c, target, path, cap, depth + 1)) != 0)
            return r;
        path[n] = '\0';
        skip_ws(c);
        ch = peek(c);
        c->at++;
        if (ch == close)
            return 0;
        if (ch != ',')
            return -1;
    }
}

int kr_json_path_at(const char *text, size_t len, size_t at, char *path,
                    size_t cap, int *line, int *col)
{
    struct cursor c = {text, len, 0};

    if (cap == 0 || at >= len)
        return -1;
    path[0] = '\0';
    if (find_at(&c, at, path, cap, 0) != 1)
        return -1;
    line_col(text, at, line, col);
    return 0;
}

/* Moves C to the value at PATH; 0, or -1 when it is not there. */
static int walk(struct cursor *c, const char *path)
{
    const char *p = path;
    char name[128];

    while (*p) {
        if (*p == '[') {
            char *end;
            unsigned long index = strtoul(p + 1, &end, 10);
            if (*end != ']' || enter_index(c, index))
                return -1;
            p = end + 1;
        } else {
            size_t n;
            if (*p == '.')
                p++;
            n = strcspn(p, ".[");
            if (n == 0 || n >= sizeof name)
                return -1;
            memcpy(name, p, n);
            name[n] = '\0';
            if (enter_key(c, name, 0))
                return -1;
            p += n;
        }
    }
    return 0;
}

int kr_json_locate(const char *text, size_t len, const char *path,
                   const char *key, int *line, int *col)
{
    struct cursor c = {text, len, 0};

    if (walk(&c, path))
        return -1;
    if (key != NULL && enter_key(&c, key, 1))
        return -1;
    skip_ws(&c);
    line_col(text, c.at, line, col);
    return 0;
}

int kr_json_items(const char *text, size_t len, size_t from, int from_line,
                  const char *path, size_t *offs, int *lines, size_t n)
{
    struct cursor c = {text, len, from};
    size_t i = 0, counted = from;
    int line = from_line;

    if (walk(&c, path))
        return -1;
    skip_ws(&c);
    if (peek(&c) != '[')
        return -1;
    c.at++;
    for (; i < n; i++) {
        skip_ws(&c);
        if (peek(&c) == ']' || peek(&c) < 0)
            return -1;
        /* The newlines since the last element: one pass in all. */
        for (; counted < c.at; counted++)
            line += text[counted] == '\n';
        if (offs != NULL)
            offs[i] = c.at;
        if (lines != NULL)
            lines[i] = line;
        if (skip_value(&c, 0))
            return -1;
        skip_ws(&c);
        if (peek(&c) == ',')
            c.at++;
    }
    return 0;
}
