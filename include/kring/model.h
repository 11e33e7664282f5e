/* The case model: a young person, the people around them and who knows whom.
 * The words and their defaults are those of docs/case-file.md. */
#ifndef KRING_MODEL_H
#define KRING_MODEL_H

#include <stdbool.h>
#include <stddef.h>

#include "error.h"

/* Limits of the model (docs/limits.md). */
#define KRING_CODE_MAX 32          /* bytes in a case code */
#define KRING_ID_MAX 64            /* bytes in a person id or snapshot label */
#define KRING_NAME_MAX 200         /* bytes in a name */
#define KRING_NOTES_MAX 10000      /* bytes in notes */
#define KRING_YOUTH_NOTE_MAX 500   /* bytes in a youth_note, one line */
#define KRING_PEOPLE_MAX 2000      /* people in one case or snapshot */
#define KRING_TIES_MAX 20000       /* ties in one case or snapshot */
#define KRING_SNAPSHOTS_MAX 200    /* snapshots in one case */
#define KRING_CHOICES_MAX 1000     /* choices in one case */
#define KRING_SUGGESTIONS_MAX 1000 /* suggestions in one case */
#define KRING_OUTCOMES_MAX 200     /* outcomes (evaluations) in one case */
#define KRING_AGE_MAX 120          /* years, also for known_years */
#define KRING_HOURS_MAX 168        /* hours in a week */
#define KRING_TRAVEL_MAX 1440      /* minutes in a day */
#define KRING_BIRTH_YEAR_MIN 1900
#define KRING_BIRTH_YEAR_MAX 2100
#define KRING_ADULT_AGE 18

typedef enum kring_sector {
    KRING_SECTOR_HOUSEHOLD,
    KRING_SECTOR_FAMILY,
    KRING_SECTOR_FRIENDS,
    KRING_SECTOR_SCHOOL,
    KRING_SECTOR_NEIGHBOURHOOD,
    KRING_SECTOR_LEISURE,
    KRING_SECTOR_COMMUNITY,
    KRING_SECTOR_ONLINE,
    KRING_SECTOR_CARE,
    KRING_SECTOR_COUNT
} kring_sector;

typedef enum kring_role {
    KRING_ROLE_PARENT,
    KRING_ROLE_STEPPARENT,
    KRING_ROLE_FOSTER_PARENT,
    KRING_ROLE_SIBLING,
    KRING_ROLE_GRANDPARENT,
    KRING_ROLE_AUNT_UNCLE,
    KRING_ROLE_COUSIN,
    KRING_ROLE_RELATIVE,
    KRING_ROLE_FRIEND,
    KRING_ROLE_PARTNER,
    KRING_ROLE_CLASSMATE,
    KRING_ROLE_TEACHER,
    KRING_ROLE_SCHOOL_STAFF,
    KRING_ROLE_COACH,
    KRING_ROLE_NEIGHBOUR,
    KRING_ROLE_FAMILY_FRIEND,
    KRING_ROLE_FAITH_LEADER,
    KRING_ROLE_YOUTH_WORKER,
    KRING_ROLE_PROFESSIONAL,
    KRING_ROLE_OTHER,
    KRING_ROLE_COUNT
} kring_role;

/* Kinds of support, as bits of kring_person.support. */
typedef enum kring_support {
    KRING_SUPPORT_EMOTIONAL = 1 << 0,
    KRING_SUPPORT_PRACTICAL = 1 << 1,
    KRING_SUPPORT_ADVICE = 1 << 2,
    KRING_SUPPORT_FUN = 1 << 3,
    KRING_SUPPORT_SHELTER = 1 << 4,
    KRING_SUPPORT_ADVOCACY = 1 << 5
} kring_support;
#define KRING_SUPPORT_KINDS 6

/* Optional enumerations use 0 for "not recorded". */
typedef enum kring_contact {
    KRING_CONTACT_UNKNOWN,
    KRING_CONTACT_DAILY,
    KRING_CONTACT_WEEKLY,
    KRING_CONTACT_MONTHLY,
    KRING_CONTACT_YEARLY,
    KRING_CONTACT_RARELY,
    KRING_CONTACT_COUNT
} kring_contact;

typedef enum kring_reachable {
    KRING_REACHABLE_UNKNOWN,
    KRING_REACHABLE_ANYTIME,
    KRING_REACHABLE_EVENINGS_WEEKENDS,
    KRING_REACHABLE_OFFICE_HOURS,
    KRING_REACHABLE_RARELY,
    KRING_REACHABLE_COUNT
} kring_reachable;

typedef enum kring_quality {
    KRING_QUALITY_POSITIVE,
    KRING_QUALITY_MIXED,
    KRING_QUALITY_STRAINED,
    KRING_QUALITY_BROKEN,
    KRING_QUALITY_COUNT
} kring_quality;

typedef enum kring_pstatus {
    KRING_STATUS_ACTIVE,
    KRING_STATUS_ABSENT,
    KRING_STATUS_DECEASED,
    KRING_STATUS_COUNT
} kring_pstatus;

typedef enum kring_willing {
    KRING_WILLING_UNKNOWN,
    KRING_WILLING_YES,
    KRING_WILLING_NO,
    KRING_WILLING_COUNT
} kring_willing;

typedef enum kring_strength {
    KRING_STRENGTH_WEAK,
    KRING_STRENGTH_STRONG,
    KRING_STRENGTH_COUNT
} kring_strength;

typedef enum kring_tie_quality {
    KRING_TIE_POSITIVE,
    KRING_TIE_MIXED,
    KRING_TIE_CONFLICT,
    KRING_TIE_QUALITY_COUNT
} kring_tie_quality;

typedef enum kring_choice_status {
    KRING_CHOICE_ASKED,
    KRING_CHOICE_PARENTS_AGREED,
    KRING_CHOICE_ACCEPTED,
    KRING_CHOICE_ACTIVE,
    KRING_CHOICE_EVALUATED,
    KRING_CHOICE_ENDED,
    KRING_CHOICE_DECLINED,
    KRING_CHOICE_STATUS_COUNT
} kring_choice_status;

/* What the young person says with a suggestion. */
typedef enum kring_suggestion_kind {
    KRING_SUGGEST_RIGHT,   /* the map is right */
    KRING_SUGGEST_CLOSER,  /* PERSON is closer than the map shows */
    KRING_SUGGEST_FURTHER, /* PERSON is further away */
    KRING_SUGGEST_MISSING, /* someone (NAME) is missing, in RING and SECTOR */
    KRING_SUGGEST_KIND_COUNT
} kring_suggestion_kind;

typedef enum kring_suggestion_status {
    KRING_SUGGESTION_OPEN,
    KRING_SUGGESTION_ACCEPTED,
    KRING_SUGGESTION_DECLINED,
    KRING_SUGGESTION_STATUS_COUNT
} kring_suggestion_status;

/* What happened to an out-of-home placement, or to secure care, by an
 * evaluation; 0 not recorded. */
typedef enum kring_placement {
    KRING_PLACEMENT_UNKNOWN,
    KRING_PLACEMENT_AVERTED,
    KRING_PLACEMENT_SHORTENED,
    KRING_PLACEMENT_HAPPENED,
    KRING_PLACEMENT_NOT_AT_ISSUE,
    KRING_PLACEMENT_COUNT
} kring_placement;

/* School by an evaluation; 0 not recorded. */
typedef enum kring_school {
    KRING_SCHOOL_UNKNOWN,
    KRING_SCHOOL_STAYED,
    KRING_SCHOOL_RETURNED,
    KRING_SCHOOL_DROPPED_OUT,
    KRING_SCHOOL_NOT_AT_ISSUE,
    KRING_SCHOOL_COUNT
} kring_school;

/* The trajectory's goals by an evaluation; 0 not recorded. */
typedef enum kring_goals {
    KRING_GOALS_UNKNOWN,
    KRING_GOALS_MET,
    KRING_GOALS_PARTLY,
    KRING_GOALS_NOT_MET,
    KRING_GOALS_COUNT
} kring_goals;

/* The enumerations by name, for kring_enum_name() and kring_enum_parse(). */
typedef enum kring_enum {
    KRING_ENUM_SECTOR,
    KRING_ENUM_ROLE,
    KRING_ENUM_SUPPORT, /* by bit index: 0 = emotional */
    KRING_ENUM_CONTACT,
    KRING_ENUM_REACHABLE,
    KRING_ENUM_QUALITY,
    KRING_ENUM_STATUS,
    KRING_ENUM_WILLING,
    KRING_ENUM_STRENGTH,
    KRING_ENUM_TIE_QUALITY,
    KRING_ENUM_CHOICE_STATUS,
    KRING_ENUM_SUGGESTION_KIND,
    KRING_ENUM_SUGGESTION_STATUS,
    KRING_ENUM_PLACEMENT, /* placement and secure_care */
    KRING_ENUM_SCHOOL,
    KRING_ENUM_GOALS,
    KRING_ENUM_COUNT
} kring_enum;

/* A person around the young person (an alter). Strings are owned by the
 * person and freed by kring_person_release(). Numbers below 0 mean "not
 * recorded". */
typedef struct kring_person {
    char *id;                  /* slug, unique within the case */
    char *name;                /* any UTF-8 text, 1..KRING_NAME_MAX bytes */
    kring_role role;           /* required */
    kring_sector sector;       /* default from role */
    int ring;                  /* 1 closest, 2, 3 */
    int age;                   /* years, -1 not recorded */
    kring_contact contact;     /* how often they meet */
    double known_years;        /* years known, in tenths (4.5), -1 not
                                  recorded */
    unsigned support;          /* kring_support bits */
    double hours_per_week;     /* available hours, -1 not recorded */
    int travel_minutes;        /* travel to the young person, -1 not recorded */
    kring_reachable reachable; /* when they can be reached */
    kring_quality quality;     /* relation with the young person */
    kring_pstatus status;      /* active, absent, deceased */
    bool formal;               /* a paid care professional */
    kring_willing willing;     /* willing to be a mentor */
    bool concern;              /* a concern is noted (a warning) */
    bool frightens;            /* the young person is afraid of them */
    bool nominated;            /* the young person names them as mentor */
    bool lives_with_child;     /* lives in the young person's home */
    int adult;                 /* recorded adult: 1, 0, or -1 derive */
    char *notes;               /* free text, "" by default */
    char *youth_note;          /* a line for the young person, or NULL */
    char *extra;               /* x- keys as a JSON object text, or NULL */
} kring_person;

/* Two people who know each other. a and b are person ids, owned. */
typedef struct kring_tie {
    char *a;                   /* one person's id */
    char *b;                   /* the other's, never equal to a */
    kring_strength strength;   /* weak (default) or strong */
    kring_tie_quality quality; /* positive (default), mixed, conflict */
    char *extra;               /* x- keys as JSON object text, or NULL */
} kring_tie;

/* The network frozen under a label. */
typedef struct kring_snapshot {
    char *label;          /* unique within the case */
    char *taken;          /* UTC time, "YYYY-MM-DDTHH:MM:SSZ" */
    kring_person *people; /* the people as they were */
    size_t n_people;
    kring_tie *ties; /* the ties as they were */
    size_t n_ties;
    char *extra; /* x- keys as JSON object text, or NULL */
} kring_snapshot;

/* A step in the young person's choice of a mentor. */
typedef struct kring_choice {
    char *person;               /* id of a person of the case */
    char *date;                 /* "YYYY-MM-DD" */
    kring_choice_status status; /* asked (default) ... declined */
    char *note;                 /* free text, "" by default */
    char *extra;                /* x- keys as JSON object text, or NULL */
} kring_choice;

/* The young person's suggestion about their map: it never changes the
 * network by itself; the professional accepts or declines it. */
typedef struct kring_suggestion {
    char *date;                     /* "YYYY-MM-DD", when it was made */
    kring_suggestion_kind kind;     /* right, closer, further, missing */
    char *person;                   /* closer, further: a person's id; NULL */
    char *name;                     /* missing: a first name; NULL */
    int ring;                       /* missing: 1..3; 0 for the others */
    kring_sector sector;            /* missing: where they belong, or
                                       KRING_SECTOR_COUNT: not said (and for
                                       the other kinds) */
    kring_suggestion_status status; /* open (default), accepted, declined */
    char *decided;                  /* "YYYY-MM-DD" unless open; NULL */
    char *extra;                    /* x- keys as JSON object text, or NULL */
} kring_suggestion;

/* What an evaluation of the trajectory found (JIM practice evaluates every
 * two months), in the words organisations report and the NJi's harmonised
 * outcomes (docs/case-file.md). */
typedef struct kring_outcome {
    char *date;                  /* "YYYY-MM-DD", of the evaluation */
    kring_placement placement;   /* out-of-home placement */
    kring_placement secure_care; /* secure (closed) youth care */
    kring_school school;         /* school: stayed, returned, dropped out */
    kring_goals goals;           /* goal realisation */
    int ended_as_planned;        /* 1, 0, or -1 while running (null) */
    int satisfaction;            /* the young person's mark 1..10, -1 none */
    char *notes;                 /* the professional's, "" by default */
    char *extra;                 /* x- keys as JSON object text, or NULL */
} kring_outcome;

/* One young person and their network. Owns everything it points to. */
typedef struct kring_case {
    char *code;       /* e.g. "2026-014" */
    char *name;       /* the young person's name */
    int birth_year;   /* 0 not recorded */
    char *notes;      /* free text, "" by default */
    char *extra;      /* x- keys of "case", JSON object text, or NULL */
    char *file_extra; /* x- keys of the file's top level, or NULL */
    kring_person *people;
    size_t n_people;
    size_t cap_people;
    kring_tie *ties;
    size_t n_ties;
    size_t cap_ties;
    kring_snapshot *snapshots;
    size_t n_snapshots;
    kring_choice *choices;
    size_t n_choices;
    kring_suggestion *suggestions;
    size_t n_suggestions;
    kring_outcome *outcomes; /* by date, as recorded */
    size_t n_outcomes;
} kring_case;

/* Names of enumeration values, as in the case file. */
const char *kring_enum_name(kring_enum e, int value); /* NULL if out of range */
int kring_enum_count(kring_enum e);
/* The value of NAME in E, or -1. "Not recorded" values have no name. */
int kring_enum_parse(kring_enum e, const char *name);
/* The list of valid names, e.g. "daily, weekly, ...", for messages. Made
 * on first use: call once before sharing it between threads. */
const char *kring_enum_list(kring_enum e);
/* The word for VALUE of E in the current language (kring_i18n_init()), as
 * tables show it and the command line takes it: the case file's word in
 * English ("grandparent"), the Dutch word in Dutch ("grootouder"). One
 * word, '_' for a space. Borrowed; NULL if out of range or "not
 * recorded". */
const char *kring_enum_word(kring_enum e, int value);
/* What a suggestion of KIND says, in words of the current language ("the
 * map is right", "someone is missing"), for tables and pages. */
const char *kring_suggestion_saying(kring_suggestion_kind kind);
/* The value of S in E: the case file's word, or the current language's
 * word in any case of its letters; -1 for neither. */
int kring_enum_parse_word(kring_enum e, const char *s);
/* The current language's words of E, "ouder, stiefouder, ...", into BUF
 * (CAP bytes, cut short if it must be); returns the length. */
size_t kring_enum_words(kring_enum e, char *buf, size_t cap);

/* The documented defaults of a role. */
kring_sector kring_role_sector(kring_role r);
bool kring_role_is_formal(kring_role r);
bool kring_role_is_adult(kring_role r);
/* Whether the person is an adult: age decides, else an explicit adult, else
 * the role. */
bool kring_person_is_adult(const kring_person *p);
/* Whether the person is in the young person's household. */
bool kring_person_in_household(const kring_person *p);

/* A person with every default of a ROLE and RING; id, name, notes NULL. */
void kring_person_init(kring_person *p, kring_role role, int ring);
void kring_person_release(kring_person *p);
/* Checks every field of P against the model; the message starts with the
 * offending field's name. */
kring_status kring_person_validate(const kring_person *p, kring_error *err);

/* A person's field from its text, as the command line's options and the
 * web pages' forms give it (fields.c). NAME is the option's name: "role",
 * "ring", "sector", "age", "contact", "known-years", "support",
 * "hours-per-week", "travel-minutes", "reachable", "quality", "status",
 * "willing", "formal", "concern", "frightens", "nominated",
 * "lives-with-child", "adult", "notes", "youth-note", "name", "id". An
 * empty VALUE clears an optional field; a yes/no field takes yes or no in
 * the case file's words or the language's, and NULL for yes. The words of
 * the enumerations are those of kring_enum_parse_word(). KRING_ERR_INVALID
 * names the field as the command line does ("--age must be ..."); P is
 * unchanged then. Does not validate the whole person: see
 * kring_person_validate(). */
kring_status kring_person_set_field(kring_person *p, const char *name,
                                    const char *value, kring_error *err);
/* A field given as text: NAME and VALUE as kring_person_set_field() takes
 * them. */
typedef struct kring_field {
    const char *name;
    const char *value;
} kring_field;
/* A new person from the N fields F, which name at least "name", "role"
 * and "ring": the role's defaults first, then each field in order; notes
 * "" unless given. On error P holds nothing to release. */
kring_status kring_person_from_fields(kring_person *p, const kring_field *f,
                                      size_t n, kring_error *err);
/* Sets the N fields F of P, in order; stops at the first that is wrong. */
kring_status kring_person_set_fields(kring_person *p, const kring_field *f,
                                     size_t n, kring_error *err);
/* VALUE as a word of E (kring_enum_parse_word()) into *OUT; the message
 * names FIELD as an option ("--quality must be one of: ..."). */
kring_status kring_enum_value(kring_enum e, const char *field,
                              const char *value, int *out, kring_error *err);
/* VALUE as a whole number from 0 to 100000 into *OUT; with OPTIONAL, ""
 * is -1 (not recorded). */
kring_status kring_int_value(const char *field, const char *value, int optional,
                             int *out, kring_error *err);

/* A person's version: a digest of every field, as 16 hex digits. A form
 * carries the version of the person it showed; a change made from it is
 * refused if the person's version is no longer that (a lost update). */
#define KRING_VERSION_LEN 16
void kring_person_version(const kring_person *p,
                          char out[KRING_VERSION_LEN + 1]);
/* A tie's version, in the same way: a digest of the pair, its strength,
 * its quality and its x- keys. */
void kring_tie_version(const kring_tie *t, char out[KRING_VERSION_LEN + 1]);

void kring_tie_init(kring_tie *t);
void kring_tie_release(kring_tie *t);

/* Whether S is a valid id: lowercase ASCII letters and digits in groups
 * joined by single dashes, at most KRING_ID_MAX bytes. */
bool kring_id_valid(const char *s);
/* Whether S is a valid case code or snapshot label (letters, digits and
 * - _ . , starting with a letter or digit). */
bool kring_code_valid(const char *s, size_t max);
/* The code every anonymized output gives a case (export and render with
 * --anonymize): a valid code that names no one. */
#define KRING_CODE_ANONYMOUS "anon"
/* Whether case code S looks like a name rather than a number: four
 * letters or more in a row ("Noah", "rosa-braunsteigl"), or three with no
 * digit in the code ("Eva"); "2026-014", "JIM-12", "wt-2026-3" and "x" do
 * not (docs/cli.md). */
bool kring_code_looks_like_name(const char *s);
/* A real calendar date as YYYY-MM-DD, in the years a birth year may be. */
bool kring_date_valid(const char *s);
/* Whether S is valid UTF-8 of at most MAX bytes (with no NUL). */
bool kring_text_valid(const char *s, size_t max);
/* A new id made from NAME ("Oma Ria" -> "oma-ria", "Zoë" -> "zoe"), made
 * unique in C by a suffix "-2", "-3", .... Caller frees; NULL if out of
 * memory. */
char *kring_id_from_name(const kring_case *c, const char *name);

/* A new empty case; caller frees with kring_case_free(). NULL on NOMEM. */
kring_case *kring_case_new(void);
void kring_case_free(kring_case *c);
/* Checks the case's own fields (code, name, birth year, notes). */
kring_status kring_case_validate_header(const kring_case *c, kring_error *err);
/* Checks the whole case: header, every person, unique ids, every tie between
 * two distinct existing people and at most one per pair, snapshots and
 * choices. */
kring_status kring_case_validate(const kring_case *c, kring_error *err);
/* Checks a suggestion as a case file's is checked: its fields by its kind,
 * and, with C, that the person it is about is one of C's. */
kring_status kring_suggestion_validate(const kring_case *c,
                                       const kring_suggestion *sg,
                                       kring_error *err);
/* Sets SG to an empty open suggestion of KIND (sector not said). */
void kring_suggestion_init(kring_suggestion *sg, kring_suggestion_kind kind);
void kring_suggestion_release(kring_suggestion *sg);
/* What SG says, as one text ("closer 2026-12-10 tante-sandra"), into BUF
 * of CAP bytes: a form that answers suggestion N carries it, so that an
 * answer to a suggestion that is no longer the Nth is refused. */
const char *kring_suggestion_version(const kring_suggestion *sg, char *buf,
                                     size_t cap);

/* Sets O to an outcome with nothing recorded (ended_as_planned and
 * satisfaction -1); the date and notes NULL. */
void kring_outcome_init(kring_outcome *o);
void kring_outcome_release(kring_outcome *o);
/* Checks an outcome as a case file's is checked. */
kring_status kring_outcome_validate(const kring_outcome *o, kring_error *err);

/* The months between two evaluations in JIM practice. */
#define KRING_EVALUATION_MONTHS 2
/* When case C's next evaluation is due, into BUF ("YYYY-MM-DD", 11
 * bytes): two months after the later of the trajectory's start (the first
 * step of the choice with status active) and its last outcome. Returns
 * BUF, or NULL when no evaluation is due: no mentor is active yet, or the
 * trajectory has ended (a step ended on or after the start, or an outcome
 * that says whether it ended as planned). */
const char *kring_evaluation_due(const kring_case *c, char *buf);
/* The same from those three facts: START the first active step's date or
 * NULL, LAST the last outcome's date or NULL, ENDED whether the trajectory
 * has ended. The case list computes them in the database. */
const char *kring_evaluation_due_from(const char *start, const char *last,
                                      int ended, char *buf);
/* DATE plus MONTHS calendar months into BUF (11 bytes), the day kept or
 * the month's last day ("2026-12-31" + 2: "2027-02-28"). */
const char *kring_date_add_months(const char *date, int months, char *buf);

/* Index of the person with ID, or -1. */
long kring_case_find_id(const kring_case *c, const char *id);
/* Finds a person by id, else by exact name, else by name ignoring ASCII
 * case. KRING_ERR_AMBIGUOUS names the matching ids; KRING_ERR_NOT_FOUND
 * if none. */
kring_status kring_case_resolve(const kring_case *c, const char *key,
                                size_t *index, kring_error *err);
/* Index of the tie between people A and B (either order), or -1. */
long kring_case_find_tie(const kring_case *c, const char *a, const char *b);

/* Adds P (moved in: the case owns its strings afterwards, P is zeroed). If
 * P->id is NULL an id is made from the name. Validates P and refuses an id
 * that is taken. On error P is left as it was. */
kring_status kring_case_add_person(kring_case *c, kring_person *p,
                                   kring_error *err);
/* Removes the person at INDEX and every tie they are in. */
void kring_case_remove_person(kring_case *c, size_t index);
/* Adds a tie (moved in, as above) after checking it names two distinct
 * people of the case and no tie joins them yet. */
kring_status kring_case_add_tie(kring_case *c, kring_tie *t, kring_error *err);
void kring_case_remove_tie(kring_case *c, size_t index);

#endif
