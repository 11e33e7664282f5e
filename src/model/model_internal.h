/* Checks of single fields, shared by the model, the case-file reader and
 * the command line so that one rule has one message. */
#ifndef KRING_MODEL_INTERNAL_H
#define KRING_MODEL_INTERNAL_H

#include "internal.h"

/* Numeric fields with a range. */
typedef enum kr_field {
    KR_FIELD_RING,
    KR_FIELD_AGE,
    KR_FIELD_KNOWN_YEARS,
    KR_FIELD_HOURS_PER_WEEK,
    KR_FIELD_TRAVEL_MINUTES,
    KR_FIELD_BIRTH_YEAR,
    KR_FIELD_SATISFACTION,
    KR_FIELD_COUNT
} kr_field;

/* Whether V lies in the range of FIELD; else fills ERR with the rule. */
kring_status kr_check_range(kr_field field, double v, kring_error *err);
/* Whether FIELD takes only whole numbers. */
int kr_field_is_integer(kr_field field);
/* Stores V, checked by kr_check_range(), into the model's slot AT of
 * FIELD: a double for hours_per_week, known_years in whole tenths (4.9
 * exactly as the nearest double to 4.9, never 4.9000000000000004), an int
 * for the others. */
void kr_field_store(kr_field field, void *at, double v);
/* V rounded to one decimal: the value known_years holds. */
double kr_tenths(double v);
/* The name of FIELD as in the case file. */
const char *kr_field_name(kr_field field);

/* Checks a name (1..KRING_NAME_MAX bytes of UTF-8, no control
 * characters); WHAT names the field in the message. */
kring_status kr_check_name(const char *what, const char *s, kring_error *err);
/* Checks a line of text that may be absent (NULL): UTF-8, at most MAX
 * bytes, no line break or other control character (youth_note). */
kring_status kr_check_line(const char *what, const char *s, size_t max,
                           kring_error *err);
/* Checks notes (UTF-8, at most KRING_NOTES_MAX bytes). */
kring_status kr_check_notes(const char *what, const char *s, kring_error *err);
/* Checks "YYYY-MM-DD" (a real date) and "YYYY-MM-DDTHH:MM:SSZ". */
int kr_date_valid(const char *s);
/* NAME as the base of an id into OUT (KRING_ID_MAX + 1 bytes): lowercase
 * ASCII letters and digits joined by '-', at most KRING_ID_MAX - 8 long
 * (room for a suffix such as "-2000"); "person" when nothing is left. */
void kr_slugify(const char *name, char *out);
int kr_timestamp_valid(const char *s);
/* Whether the age and an explicit adult agree; else fills ERR. */
kring_status kr_check_adult(int age, int adult, kring_error *err);

/* Check a person or the case's own fields as kring_person_validate() and
 * kring_case_validate_header() do; on failure *FIELD is the case-file key
 * at fault (set by the check itself, never read from the message). */
kring_status kr_person_check(const kring_person *p, const char **field,
                             kring_error *err);
kring_status kr_case_header_check(const kring_case *c, const char **field,
                                  kring_error *err);

#endif
