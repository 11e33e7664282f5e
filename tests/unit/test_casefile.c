/* Case files: what is accepted, what is refused and where it is said to
 * be wrong, and that export then import gives back the same case. */
#include <criterion/criterion.h>
#include <criterion/parameterized.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bad_files.h"
#include "helpers.h"
#include "kring/kring.h"

static kring_status parse(const char *text, kring_case **c, kring_error *err)
{
    return kring_casefile_parse(text, strlen(text), "t.json", c, err);
}

Test(casefile, a_minimal_file_gets_every_default)
{
    const char *text =
        "{\"kring\": 1, \"case\": {\"code\": \"2026-014\", \"name\": "
        "\"Noah\"}, \"people\": [{\"id\": \"juf-anna\", \"name\": \"Juf "
        "Anna\", \"role\": \"teacher\", \"ring\": 2}, {\"id\": \"daan\", "
        "\"name\": \"Daan\", \"role\": \"friend\", \"ring\": 1}], \"ties\": "
        "[{\"a\": \"juf-anna\", \"b\": \"daan\"}]}";
    kring_case *c = NULL;
    kring_error err;
    const kring_person *p;

    cr_assert_eq(parse(text, &c, &err), KRING_OK, "%s", err.text);
    cr_assert_eq(c->n_people, 2);
    p = &c->people[0];
    cr_assert_eq(p->sector, KRING_SECTOR_SCHOOL);
    cr_assert_eq(p->status, KRING_STATUS_ACTIVE);
    cr_assert_eq(p->quality, KRING_QUALITY_POSITIVE);
    cr_assert_eq(p->willing, KRING_WILLING_UNKNOWN);
    cr_assert(!p->formal);
    cr_assert(kring_person_is_adult(p));
    cr_assert_str_eq(p->notes, "");
    cr_assert(!kring_person_is_adult(&c->people[1]));
    cr_assert_eq(c->ties[0].strength, KRING_STRENGTH_WEAK);
    cr_assert_eq(c->ties[0].quality, KRING_TIE_POSITIVE);
    cr_assert_eq(c->birth_year, 0);
    kring_case_free(c);
}

Test(casefile, a_case_with_no_people_is_valid)
{
    kring_case *c = NULL;
    kring_error err;

    cr_assert_eq(parse("{\"kring\":1,\"case\":{\"code\":\"a\",\"name\":\"b\"},"
                       "\"people\":[],\"ties\":[]}",
                       &c, &err),
                 KRING_OK, "%s", err.text);
    cr_assert_eq(c->n_people, 0);
    kring_case_free(c);
}

ParameterizedTestParameters(casefile, bad_files_are_refused_with_their_place)
{
    return cr_make_param_array(struct bad, bad_files, BAD_FILES);
}
ParameterizedTest(struct bad *b, casefile,
                  bad_files_are_refused_with_their_place)
{
    kring_case *c = NULL;
    kring_error err;

    cr_assert_neq(parse(b->text, &c, &err), KRING_OK);
    cr_assert_null(c);
    cr_assert_str_eq(err.text, b->message);
}

Test(casefile, escapes_that_are_not_text_are_refused)
{
    kring_case *c = NULL;
    kring_error err;

    cr_assert_eq(parse("{\"kring\":1,\"case\":{\"code\":\"a\",\"name\":"
                       "\"a\\u0000b\"}}",
                       &c, &err),
                 KRING_ERR_INVALID);
    cr_assert(strstr(err.text, "t.json:1:") == err.text, "%s", err.text);
    cr_assert(strstr(err.text, "\\u0000 is not allowed"), "%s", err.text);
    cr_assert_eq(parse("{\"kring\":1,\"case\":{\"code\":\"a\",\"name\":"
                       "\"\\ud800\"}}",
                       &c, &err),
                 KRING_ERR_INVALID);
    cr_assert(strstr(err.text, "invalid Unicode '\\uD800'"), "%s", err.text);
}

Test(casefile, the_samples_are_written_as_kring_writes_them)
{
    const char *const *files = t_samples;
    size_t i;

    for (i = 0; i < T_SAMPLES; i++) {
        char *text = t_read(files[i], NULL), *out = NULL;
        kring_case *c = NULL;
        cr_assert_eq(kring_casefile_load(files[i], &c, NULL), KRING_OK);
        cr_assert_eq(kring_casefile_dump(c, &out, NULL, NULL), KRING_OK);
        cr_assert_str_eq(out, text, "%s is not canonical", files[i]);
        free(out);
        free(text);
        kring_case_free(c);
    }
}

Test(casefile, names_are_any_utf8_text)
{
    const char *names[] = {"Anneke van 't Hoff", "Zoë", "Jeroen Ĳsselmuiden",
                           "\\\"Quotes\\\" <and> & ampersands"};
    size_t i;

    for (i = 0; i < sizeof names / sizeof names[0]; i++) {
        char text[512];
        kring_case *c = NULL;
        kring_error err;
        snprintf(text, sizeof text,
                 "{\"kring\":1,\"case\":{\"code\":\"a\",\"name\":\"%s\"},"
                 "\"people\":[{\"id\":\"p\",\"name\":\"%s\",\"role\":"
                 "\"friend\",\"ring\":1}]}",
                 names[i], names[i]);
        cr_assert_eq(parse(text, &c, &err), KRING_OK, "%s: %s", names[i],
                     err.text);
        kring_case_free(c);
    }
}

Test(casefile, a_byte_order_mark_is_accepted)
{
    kring_case *c = NULL;
    kring_error err;

    cr_assert_eq(parse("\xEF\xBB\xBF{\"kring\":1,\"case\":{\"code\":\"a\","
                       "\"name\":\"b\"}}",
                       &c, &err),
                 KRING_OK, "%s", err.text);
    kring_case_free(c);
}

static char *many_people(size_t n)
{
    size_t cap = 200 + n * 80, used;
    char *s = malloc(cap);
    size_t i;

    used = (size_t)snprintf(s, cap,
                            "{\"kring\":1,\"case\":{\"code\":\"a\","
                            "\"name\":\"b\"},\"people\":[");
    for (i = 0; i < n; i++)
        used += (size_t)snprintf(s + used, cap - used,
                                 "%s{\"id\":\"p%zu\",\"name\":\"P\",\"role\":"
                                 "\"friend\",\"ring\":1}",
                                 i ? "," : "", i);
    snprintf(s + used, cap - used, "]}");
    return s;
}

Test(casefile, limits_are_clear_errors)
{
    kring_case *c = NULL;
    kring_error err;
    char *text = many_people(KRING_PEOPLE_MAX);
    char name[300];

    cr_assert_eq(parse(text, &c, &err), KRING_OK, "%s", err.text);
    cr_assert_eq(c->n_people, KRING_PEOPLE_MAX);
    kring_case_free(c);
    free(text);
    text = many_people(KRING_PEOPLE_MAX + 1);
    cr_assert_eq(parse(text, &c, &err), KRING_ERR_LIMIT);
    cr_assert_str_eq(err.text, "t.json:1:43: people: people has 2001 "
                               "entries; at most 2000 are allowed");
    free(text);
    memset(name, 'x', 201);
    name[201] = '\0';
    text = malloc(600);
    snprintf(text, 600,
             "{\"kring\":1,\"case\":{\"code\":\"a\",\"name\":\"%s\"}}", name);
    cr_assert_eq(parse(text, &c, &err), KRING_ERR_LIMIT);
    cr_assert(strstr(err.text, "case.name: name is longer than 200 bytes"),
              "%s", err.text);
    free(text);
}

Test(casefile, deep_nesting_is_refused_not_a_crash)
{
    kring_case *c = NULL;
    kring_error err;
    char *text = malloc(200000);
    size_t used, i;

    used = (size_t)sprintf(text, "{\"kring\":1,\"case\":{\"code\":\"a\","
                                 "\"name\":\"b\",\"x-deep\":");
    for (i = 0; i < 50; i++)
        text[used++] = '[';
    for (i = 0; i < 50; i++)
        text[used++] = ']';
    strcpy(text + used, "}}");
    cr_assert_eq(parse(text, &c, &err), KRING_ERR_LIMIT);
    cr_assert(strstr(err.text, "case.x-deep: nested more than 32 levels"), "%s",
              err.text);
    /* Deeper than the JSON parser allows at all. */
    used = 0;
    for (i = 0; i < 90000; i++)
        text[used++] = '[';
    text[used] = '\0';
    cr_assert_eq(parse(text, &c, &err), KRING_ERR_INVALID);
    cr_assert(strstr(err.text, "maximum parsing depth"), "%s", err.text);
    free(text);
}

Test(casefile, export_then_import_gives_the_same_case_key_for_key)
{
    const char *const *files = t_samples;
    size_t i;

    for (i = 0; i < T_SAMPLES; i++) {
        kring_case *a = NULL, *b = NULL;
        char *ta = NULL, *tb = NULL;
        size_t la, lb;
        kring_error err;
        cr_assert_eq(kring_casefile_load(files[i], &a, &err), KRING_OK, "%s",
                     err.text);
        cr_assert_eq(kring_casefile_dump(a, &ta, &la, &err), KRING_OK);
        cr_assert_eq(kring_casefile_parse(ta, la, "x", &b, &err), KRING_OK,
                     "%s", err.text);
        cr_assert_eq(kring_casefile_dump(b, &tb, &lb, &err), KRING_OK);
        cr_assert_str_eq(ta, tb, "%s", files[i]);
        kring_case_free(a);
        kring_case_free(b);
        free(ta);
        free(tb);
    }
}

Test(casefile, x_keys_are_kept_and_written_back_at_every_level)
{
    const char *text =
        "{\"kring\":1,\"x-top\":{\"n\":[1,2]},\"case\":{\"code\":\"a\","
        "\"name\":\"b\",\"x-org\":\"Wijkteam\"},\"people\":[{\"id\":\"p\","
        "\"name\":\"P\",\"role\":\"friend\",\"ring\":1,\"x-color\":\"red\"},"
        "{\"id\":\"q\",\"name\":\"Q\",\"role\":\"friend\",\"ring\":1}],"
        "\"ties\":[{\"a\":\"p\",\"b\":\"q\",\"x-since\":2019}],"
        "\"choices\":[{\"person\":\"p\",\"date\":\"2026-11-10\","
        "\"x-by\":\"jim\"}]}";
    kring_case *c = NULL;
    kring_error err;
    char *out = NULL;

    cr_assert_eq(parse(text, &c, &err), KRING_OK, "%s", err.text);
    cr_assert_eq(kring_casefile_dump(c, &out, NULL, &err), KRING_OK);
    cr_assert(strstr(out, "\"x-top\": {"));
    cr_assert(strstr(out, "\"x-org\": \"Wijkteam\""));
    cr_assert(strstr(out, "\"x-color\": \"red\""));
    cr_assert(strstr(out, "\"x-since\": 2019"));
    cr_assert(strstr(out, "\"x-by\": \"jim\""));
    free(out);
    kring_case_free(c);
}

Test(casefile, fields_not_recorded_stay_out_and_defaults_are_written)
{
    kring_case *c = NULL;
    kring_error err;
    char *out = NULL;

    cr_assert_eq(parse("{\"kring\":1,\"case\":{\"code\":\"a\",\"name\":\"b\"},"
                       "\"people\":[{\"id\":\"p\",\"name\":\"P\",\"role\":"
                       "\"cousin\",\"ring\":3,\"age\":null,\"hours_per_week\":"
                       "2.5}]}",
                       &c, &err),
                 KRING_OK, "%s", err.text);
    cr_assert_eq(kring_casefile_dump(c, &out, NULL, &err), KRING_OK);
    cr_assert_null(strstr(out, "\"age\""));
    cr_assert_null(strstr(out, "\"contact\""));
    cr_assert(strstr(out, "\"sector\": \"family\""));
    cr_assert(strstr(out, "\"adult\": false"));
    cr_assert(strstr(out, "\"hours_per_week\": 2.5"));
    free(out);
    kring_case_free(c);
}

Test(casefile, a_missing_file_and_a_folder_are_clear_errors)
{
    kring_case *c = NULL;
    kring_error err;

    cr_assert_eq(kring_casefile_load("/nonexistent/x.json", &c, &err),
                 KRING_ERR_IO);
    cr_assert_str_eq(err.text, "/nonexistent/x.json: cannot open: No such "
                               "file or directory");
    cr_assert_eq(kring_casefile_load("/tmp", &c, &err), KRING_ERR_IO);
    cr_assert_str_eq(err.text, "/tmp: is a folder, not a file");
}

Test(casefile, private_files_are_written_0600)
{
    char *dir = t_tmpdir();
    kring_error err;

    cr_assert_eq(
        kring_file_write_private(t_path(dir, "o.json"), "{}\n", 3, &err),
        KRING_OK);
    cr_assert_eq(t_mode(t_path(dir, "o.json")), 0600);
    cr_assert_eq(kring_file_write_private("/nonexistent/o.json", "{}", 2, &err),
                 KRING_ERR_IO);
    free(dir);
}

Test(casefile, a_stream_larger_than_the_limit_is_refused)
{
    FILE *f = tmpfile();
    kring_case *c = NULL;
    kring_error err;
    static char spaces[1 << 16];
    size_t i;

    memset(spaces, ' ', sizeof spaces);
    for (i = 0; i <= KRING_FILE_MAX / sizeof spaces; i++)
        fwrite(spaces, 1, sizeof spaces, f);
    rewind(f);
    cr_assert_eq(kring_casefile_read(f, "big.json", &c, &err), KRING_ERR_LIMIT);
    cr_assert_str_eq(err.text,
                     "big.json: the file is larger than 33554432 bytes");
    cr_assert_null(c);
    fclose(f);
}
