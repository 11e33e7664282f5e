/* The JSON writer's numbers: the fewest digits that read back as the same
 * double. The expected digits are those of Python's repr() of the same
 * values (a second, independent shortest-digits implementation); kring
 * writes them without an exponent from 1e-5 up to 1e15. */
#include <criterion/criterion.h>
#include <criterion/parameterized.h>
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "gen.h"

struct shortest {
    double v;
    char text[32];
};

ParameterizedTestParameters(jsonw, numbers_are_written_short_and_exact)
{
    static struct shortest cases[] = {
        {0.1, "0.1"},
        {1.0 / 3.0, "0.3333333333333333"},
        {2.0 / 3.0, "0.6666666666666666"},
        {0.58275, "0.58275"},
        {0.5827499999999999, "0.5827499999999999"},
        {0.1 + 0.2, "0.30000000000000004"},
        {1e-5, "0.00001"},
        {1.5e-5, "0.000015"},
        {123.5, "123.5"},
        {-0.25, "-0.25"},
        {2.5, "2.5"},
        {0.0, "0"},
        {16.0, "16"},
        {-3.0, "-3"},
        {1e15 + 0.5, "1000000000000000.5"},
    };
    return cr_make_param_array(struct shortest, cases,
                               sizeof cases / sizeof cases[0]);
}

ParameterizedTest(struct shortest *s, jsonw,
                  numbers_are_written_short_and_exact)
{
    char buf[32];

    kring_jw_format_double(buf, s->v);
    cr_assert_str_eq(buf, s->text);
}

Test(jsonw, what_is_not_a_number_is_null)
{
    char buf[32];

    kring_jw_format_double(buf, NAN);
    cr_assert_str_eq(buf, "null");
    kring_jw_format_double(buf, INFINITY);
    cr_assert_str_eq(buf, "null");
    kring_jw_format_double(buf, -INFINITY);
    cr_assert_str_eq(buf, "null");
}

/* Every finite double, whatever its size, reads back as itself, and is
 * never longer than %.17g would write it. */
Test(jsonw, a_million_doubles_read_back_as_themselves)
{
    struct gen_rng r = {0x2545f4914f6cdd1dULL};
    char buf[32], full[32];
    int i;

    for (i = 0; i < 1000000; i++) {
        uint64_t bits = gen_next(&r);
        double v;
        switch (i % 3) {
        case 0: /* any bit pattern */
            memcpy(&v, &bits, sizeof v);
            break;
        case 1: /* in [0, 1), like the scores */
            v = (double)(bits >> 11) / 9007199254740992.0;
            break;
        default: /* a ratio of small numbers, like betweenness or density */
            v = (double)(bits % 100000) / (double)(1 + (bits >> 40) % 997);
        }
        if (!isfinite(v))
            continue;
        kring_jw_format_double(buf, v);
        cr_assert_eq(strtod(buf, NULL), v, "%.17g written as %s", v, buf);
        snprintf(full, sizeof full, "%.17g", v);
        cr_assert_leq(strlen(buf), strlen(full) + 4, "%s", buf);
    }
}
