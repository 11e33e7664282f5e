/* The JSON writer's numbers: the fewest digits that read back as the same
 * double. The expected digits of the table are those of Python's repr()
 * of the same values (a second, independent shortest-digits
 * implementation); the random doubles are held to a third, the C
 * library's own: "%.*e" with 1 to 17 digits, the first that strtod()
 * reads back. kring writes the digits without an exponent when the
 * decimal exponent is from -5 to 16 (as %.17g would), with one else. */
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
        {29.0 / 30.0, "0.9666666666666667"},
        {-0.0, "-0"},
        {5e-324, "5e-324"},
        {2.2250738585072014e-308, "2.2250738585072014e-308"},
        {1.7976931348623157e308, "1.7976931348623157e+308"},
        {1e22, "1e+22"},
        {1e17, "1e+17"},
        {1e16, "10000000000000000"},
        {9007199254740992.0, "9007199254740992"},
        {9007199254740994.0, "9007199254740994"},
        {9007199254740991.0, "9007199254740991"},
        {1e-6, "1e-06"},
        {-1.5e-7, "-1.5e-07"},
        {9.999999999999999e-6, "9.999999999999999e-06"},
        {0.09999999999999999, "0.09999999999999999"},
        {99999.99999999999, "99999.99999999999"},
        {123456789012345.6, "123456789012345.6"},
        {0.000123, "0.000123"},
        {4.35, "4.35"},
        /* Powers of two, where the step down is half the step up: */
        {0x1p-44, "5.684341886080802e-14"},
        {0x1p-1017, "7.120236347223045e-307"},
        {0x1p89, "6.189700196426902e+26"},
        {0x1p1020, "1.1235582092889474e+307"},
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

/* The second method: the first of 1 to 17 significant digits that
 * strtod() reads back as V, laid out as kring lays digits out. */
static void reference(char *out, double v)
{
    char text[40], digits[24];
    int p, k, n = 0, x, i;
    char *o = out;

    for (p = 1; p <= 17; p++) {
        double up;
        snprintf(text, sizeof text, "%.*e", p - 1, v);
        if (strtod(text, NULL) == v)
            break;
        /* The nearest P digits may miss V by a little where the step
         * below V is half the step above (a power of two), while the P
         * digits one unit further from zero read back: the C library
         * writes those when asked for the number half a unit further. */
        up = strtod(text, NULL);
        if (fabs(up) < fabs(v)) {
            /* In long double (x87's 64-bit mantissa and wide exponent):
             * half a unit is exact enough even where it would be a
             * subnormal double. */
            char more[40];
            long double unit = powl(
                10.0L, (long double)(atoi(strchr(text, 'e') + 1) - (p - 1)));
            snprintf(more, sizeof more, "%.*Le", p - 1,
                     (long double)v + copysignl(unit / 2, (long double)v));
            if (strtod(more, NULL) == v) {
                memcpy(text, more, sizeof text);
                break;
            }
        }
    }
    k = text[0] == '-';
    if (k)
        *o++ = '-';
    for (; text[k] != 'e'; k++)
        if (text[k] != '.')
            digits[n++] = text[k];
    x = atoi(text + k + 1);
    while (n > 1 && digits[n - 1] == '0')
        n--;
    if (n == 1 && digits[0] == '0') /* zero */
        x = 0;
    if (x >= -5 && x < 17) {
        if (x < 0) {
            o += sprintf(o, "0.");
            for (i = -1; i > x; i--)
                *o++ = '0';
        }
        for (i = 0; i < n || i <= x; i++) {
            if (i == x + 1 && x >= 0)
                *o++ = '.';
            *o++ = i < n ? digits[i] : '0';
        }
        *o = '\0';
    } else {
        *o++ = digits[0];
        if (n > 1)
            o += sprintf(o, ".%.*s", n - 1, digits + 1);
        sprintf(o, "e%c%02d", x < 0 ? '-' : '+', abs(x));
    }
}

/* Every finite double, whatever its size, is written as the second method
 * writes it, and reads back as itself. */
Test(jsonw, millions_of_doubles_are_written_as_the_second_method_writes_them)
{
    struct gen_rng r = {0x2545f4914f6cdd1dULL};
    char buf[32], want[40];
    int i, checked = 0;

    for (i = 0; i < 2000000; i++) {
        uint64_t bits = gen_next(&r);
        double v;
        switch (i % 7) {
        case 0: /* any bit pattern */
            memcpy(&v, &bits, sizeof v);
            break;
        case 1: /* in [0, 1), like the scores */
            v = (double)(bits >> 11) / 9007199254740992.0;
            break;
        case 2: /* a ratio of small numbers, like betweenness or density */
            v = (double)(bits % 100000) / (double)(1 + (bits >> 40) % 997);
            break;
        case 3: /* an integer up to 2^53 and a little past it */
            v = (double)(bits >> (10 + (bits & 7)));
            break;
        case 4: /* a subnormal */
            bits &= (1ULL << 52) - 1;
            memcpy(&v, &bits, sizeof v);
            break;
        case 5: { /* a few steps from a power of ten */
            double ten = pow(10.0, (double)((int)(bits % 50) - 25));
            int steps = (int)(bits >> 8 & 7) - 4;
            v = ten;
            for (; steps < 0; steps++)
                v = nextafter(v, 0.0);
            for (; steps > 0; steps--)
                v = nextafter(v, INFINITY);
            break;
        }
        default: /* from 1e-7 to 1e17, like hours and years */
            v = ldexp((double)(bits >> 11), -53 - 23 + (int)(bits % 80));
        }
        if (!isfinite(v))
            continue;
        if (bits >> 63)
            v = -v;
        kring_jw_format_double(buf, v);
        reference(want, v);
        cr_assert_str_eq(buf, want, "%.17g", v);
        cr_assert(strtod(buf, NULL) == v &&
                      signbit(strtod(buf, NULL)) == signbit(v),
                  "%.17g written as %s", v, buf);
        checked++;
    }
    cr_assert_gt(checked, 1900000);
}

/* Every power of two, the doubles whose step down is half their step up,
 * and its neighbours: written as the second method writes them. */
Test(jsonw, every_power_of_two_is_written_as_the_second_method_writes_it)
{
    char buf[32], want[40];
    int k, side;

    for (k = -1074; k <= 1023; k++)
        for (side = -1; side <= 1; side++) {
            double v = ldexp(1.0, k);
            if (side < 0)
                v = nextafter(v, 0.0);
            else if (side > 0)
                v = nextafter(v, INFINITY);
            if (v == 0.0 || !isfinite(v))
                continue;
            kring_jw_format_double(buf, v);
            reference(want, v);
            cr_assert_str_eq(buf, want, "2^%d%+d: %.17g", k, side, v);
            cr_assert(strtod(buf, NULL) == v, "%.17g written as %s", v, buf);
        }
}
