/* kr_say(), the sentences' snprintf(): the same bytes as snprintf() for
 * every format the sentences use, at every buffer size, and for the ones
 * it hands on. */
#include <criterion/criterion.h>
#include <limits.h>
#include <stdio.h>
#include <string.h>

#include "gen.h"
#include "internal.h"

/* Both ways into buffers of CAP bytes, compared (and nothing written past
 * CAP); the arguments are evaluated twice. */
#define SAME(cap, ...)                                                         \
    do {                                                                       \
        char a_[80], b_[80];                                                   \
        memset(a_, 'x', sizeof a_);                                            \
        memset(b_, 'x', sizeof b_);                                            \
        kr_say(a_, (cap), __VA_ARGS__);                                        \
        snprintf(b_, (cap), __VA_ARGS__);                                      \
        cr_assert(memcmp(a_, b_, sizeof a_) == 0, "cap %zu: '%.*s' / '%.*s'",  \
                  (size_t)(cap), (int)(cap), a_, (int)(cap), b_);              \
    } while (0)

Test(say, writes_what_snprintf_writes_at_every_size)
{
    static const char *const words[] = {"", "Noah", "Zoë", "oma Ria",
                                        "a name of some length, with ünïcode"};
    static const int ints[] = {0, 1, -1, 9, 10, 15, -15, 120, INT_MAX, INT_MIN};
    static const size_t sizes[] = {0, 1, 7, 10, 99, 1000, (size_t)-1};
    size_t cap, w, i, z;

    for (cap = 0; cap <= 60; cap++)
        for (w = 0; w < sizeof words / sizeof words[0]; w++)
            for (i = 0; i < sizeof ints / sizeof ints[0]; i++)
                for (z = 0; z < sizeof sizes / sizeof sizes[0]; z++) {
                    SAME(cap, "Sees %s every day.", words[w]);
                    SAME(cap, "%s", words[w]);
                    SAME(cap, "Lives %d minutes away: %s.", ints[i], words[w]);
                    SAME(cap, "Knows %s and %zu other people who live with %s.",
                         words[w], sizes[z], words[(w + 1) % 5]);
                    SAME(cap, "100%% %d%%%s", ints[i], words[w]);
                    SAME(cap, "no conversion at all");
                    /* Handed on to vsnprintf: */
                    SAME(cap, "%5s|%-3d|%ld", words[w], ints[i], (long)z);
                    SAME(cap, "%s %.1f", words[w], (double)ints[i] / 3);
                }
}

Test(say, writes_what_snprintf_writes_for_random_words)
{
    struct gen_rng r = {0x5a1dULL};
    int k;

    for (k = 0; k < 20000; k++) {
        char word[40];
        size_t n = gen_below(&r, sizeof word), j;
        for (j = 0; j < n; j++)
            word[j] = (char)(1 + gen_below(&r, 255));
        word[n] = '\0';
        size_t cap = gen_below(&r, 80), z = (size_t)gen_next(&r);
        int i = (int)(gen_next(&r) >> 32);
        SAME(cap, "%s: %d, %zu; %s", word, i, z, word);
    }
}
