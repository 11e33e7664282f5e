/* A number too large to read (1e400, an integer of 25 digits): jansson
 * stops the whole file at it; kring still says where and which field. */
#include <criterion/criterion.h>
#include <stdlib.h>
#include <string.h>

#include "helpers.h"
#include "kring/kring.h"

static void refused(const char *text, const char *message)
{
    kring_case *c = NULL;
    kring_error err;

    cr_assert_eq(
        kring_casefile_parse(text, strlen(text), "noah.json", &c, &err),
        KRING_ERR_INVALID, "%s", text);
    cr_assert_null(c);
    cr_assert_str_eq(err.text, message);
}

Test(json_overflow, a_person_field_is_named_with_its_place)
{
    /* Line 5, column 43: counted by hand, the 1 of 1e400. */
    refused("{\"kring\": 1, \"case\": {\"code\": \"a\", \"name\": \"b\"},\n"
            "\"people\": [{\"id\": \"a\", \"name\": \"A\", \"role\": "
            "\"friend\", \"ring\": 1},\n"
            " {\"id\": \"b\", \"name\": \"B\", \"role\": \"friend\", "
            "\"ring\": 1},\n"
            " {\"id\": \"c\", \"name\": \"C\", \"role\": \"friend\",\n"
            "  \"ring\": 2, \"age\": 40, \"travel_minutes\": 1e400}]}",
            "noah.json:5:43: people[2].travel_minutes: the number is too "
            "large");
}

Test(json_overflow, a_case_field_is_named_with_its_place)
{
    refused("{\"kring\": 1, \"case\": {\"code\": \"a\", \"name\": \"b\",\n"
            "  \"birth_year\": -99999999999999999999999}}",
            "noah.json:2:17: case.birth_year: the number is too large");
    refused("{\"kring\": 1, \"case\": {\"code\": \"a\", \"name\": \"b\",\n"
            "  \"birth_year\": 1E+400}}",
            "noah.json:2:17: case.birth_year: the number is too large");
}

Test(json_overflow, deeper_and_in_keys_of_your_own_too)
{
    refused("{\"kring\": 1, \"case\": {\"code\": \"a\", \"name\": \"b\"}, "
            "\"snapshots\": [{\"label\": \"x\", \"people\": [{\"age\": "
            "-1e999}]}]}",
            "noah.json:1:98: snapshots[0].people[0].age: the number is too "
            "large");
    refused(
        "{\"kring\": 1, \"case\": {\"code\": \"Zo\\u00eb\", \"x-\xc3\xa9\": "
        "[1, 2.5, 1e400]}}",
        "noah.json:1:59: case.x-\xc3\xa9[2]: the number is too large");
    /* The file is one number: no path, the place only. */
    refused("1e400", "noah.json:1:1: the number is too large");
}

Test(json_overflow, in_dutch)
{
    struct t_run r = t_cli("{\"kring\": 1, \"case\": {\"code\": \"a\", "
                           "\"name\": \"b\", \"birth_year\": 1e400}}",
                           "--lang", "nl", "case", "show", "-f", "-", NULL);

    cr_assert_eq(r.status, 1);
    cr_assert_str_eq(r.err,
                     "kring: stdin:1:63: case.birth_year: het getal is te "
                     "groot\n");
    t_run_free(&r);
}
