/* Analysis: measures of the network, mentor candidates scored with their
 * reasons, and indicators of the network as a whole. The model is that of
 * docs/scoring.md; the measures are computed with igraph 0.10. */
#ifndef KRING_ANALYZE_H
#define KRING_ANALYZE_H

#include <stdbool.h>
#include <stddef.h>

#include "error.h"
#include "model.h"

/* Measures of the network (docs/scoring.md, "Measures"). The alter graph
 * has every person of the case as a vertex and every tie as an undirected,
 * unweighted edge; the young person is left out. The ego network adds the
 * young person, tied to everyone. */
typedef struct kring_metrics {
    size_t n;                  /* people, in the case's order */
    long *degree;              /* per person: ties in the alter graph */
    double *betweenness;       /* per person: unnormalised, pairs once */
    size_t *ends;              /* per tie, 2: the case indexes of its people */
    size_t ties;               /* edges of the alter graph */
    size_t components;         /* connected parts, isolates included */
    size_t isolates;           /* people without a tie */
    double density;            /* ties / (n(n-1)/2); 0 when n < 2 */
    double ego_effective_size; /* Burt, n - 2 ties / n; NAN when n = 0 */
    double ego_constraint;     /* Burt, on the ego network; NAN when n = 0 */
} kring_metrics;

/* Computes the measures of C's people and ties (C must be valid). The
 * caller releases M with kring_metrics_release(), also after an error.
 * Cost: O(n m) for betweenness, n people and m ties. */
kring_status kring_metrics_compute(const kring_case *c, kring_metrics *m,
                                   kring_error *err);
void kring_metrics_release(kring_metrics *m);

/* The weights of the score (docs/scoring.md, "Weights"). */
enum {
    KRING_PART_CLOSENESS,
    KRING_PART_AVAILABILITY,
    KRING_PART_EMBEDDEDNESS,
    KRING_PART_COUNT
};
enum {
    KRING_C_RING,
    KRING_C_CONTACT,
    KRING_C_KNOWN_YEARS,
    KRING_C_EMOTIONAL_SUPPORT,
    KRING_C_SUPPORT_BREADTH,
    KRING_C_QUALITY,
    KRING_C_COUNT
};
enum { KRING_A_HOURS, KRING_A_TRAVEL, KRING_A_REACHABLE, KRING_A_COUNT };
enum {
    KRING_E_KNOWS_HOUSEHOLD,
    KRING_E_BRIDGES,
    KRING_E_TIES,
    KRING_E_NO_HOUSEHOLD_CONFLICT,
    KRING_E_COUNT
};

typedef struct kring_weights {
    double part[KRING_PART_COUNT];      /* the parts in the score */
    double closeness[KRING_C_COUNT];    /* within closeness */
    double availability[KRING_A_COUNT]; /* within availability */
    double embeddedness[KRING_E_COUNT]; /* within embeddedness */
    int minimum_age;                    /* a candidate's least age */
    int far_travel_minutes;             /* warn beyond this travel */
} kring_weights;

/* The default profile as shipped (src/analyze/weights.json), as JSON text. */
const char *kring_weights_default_text(void);
/* Fills W with the default profile. */
kring_status kring_weights_default(kring_weights *w, kring_error *err);
/* Reads a profile from TEXT (LEN bytes; SOURCE names it in messages):
 * starts from the default profile; a group given in the file replaces
 * that group whole. Unknown keys, negative weights and a group whose
 * weights do not sum to a positive number are errors with their place
 * (KRING_ERR_INVALID). W is unchanged on error. */
kring_status kring_weights_parse(const char *text, size_t len,
                                 const char *source, kring_weights *w,
                                 kring_error *err);
/* kring_weights_parse() of the file at PATH. */
kring_status kring_weights_load(const char *path, kring_weights *w,
                                kring_error *err);

/* Why a person cannot be a mentor, in the order of docs/scoring.md. */
typedef enum kring_exclusion {
    KRING_EXCL_PARENT,    /* a parent, step- or foster parent */
    KRING_EXCL_FORMAL,    /* a paid care professional */
    KRING_EXCL_MINOR,     /* under the minimum age, or not known adult */
    KRING_EXCL_DECEASED,  /* has died */
    KRING_EXCL_UNWILLING, /* said no */
    KRING_EXCL_UNSAFE,    /* frightens the young person */
    KRING_EXCL_COUNT
} kring_exclusion;

/* Something to talk about; never an exclusion. */
typedef enum kring_warning {
    KRING_WARN_CONCERN,               /* a concern is noted */
    KRING_WARN_ABSENT,                /* out of reach for now */
    KRING_WARN_CONFLICT_WITH_PARENT,  /* a conflict tie into the household */
    KRING_WARN_STRAINED_RELATION,     /* relation strained or broken */
    KRING_WARN_FAR_AWAY,              /* travel beyond the profile's limit */
    KRING_WARN_NOT_EVENINGS_WEEKENDS, /* reachable in office hours or rarely */
    KRING_WARN_RARE_CONTACT,          /* meets yearly or rarely */
    KRING_WARN_COUNT
} kring_warning;

/* The reasons of a score. */
typedef enum kring_reason {
    KRING_REASON_NOMINATED,         /* the young person named them */
    KRING_REASON_RING1,             /* inner ring */
    KRING_REASON_RING2,             /* middle ring */
    KRING_REASON_RING3,             /* outer ring */
    KRING_REASON_CONTACT,           /* how often they meet */
    KRING_REASON_KNOWN_YEARS,       /* years known */
    KRING_REASON_EMOTIONAL_SUPPORT, /* gives emotional support */
    KRING_REASON_SUPPORT_BREADTH,   /* several kinds of support */
    KRING_REASON_POSITIVE_RELATION, /* relation positive */
    KRING_REASON_MIXED_RELATION,    /* relation mixed */
    KRING_REASON_HOURS,             /* hours a week */
    KRING_REASON_CLOSE_BY,          /* travel time */
    KRING_REASON_REACHABLE,         /* there in evenings and weekends */
    KRING_REASON_IN_HOUSEHOLD,      /* lives in the household */
    KRING_REASON_KNOWS_HOUSEHOLD,   /* knows people of the household */
    KRING_REASON_BRIDGES,           /* knows people in other sectors */
    KRING_REASON_WILLING,           /* said yes */
    KRING_REASON_NOT_RECORDED,      /* what is missing counts as nothing */
    KRING_REASON_COUNT
} kring_reason;

/* A person as scored: a candidate (EXCLUSIONS == 0) or not. */
typedef struct kring_candidate {
    size_t person;       /* index into the case's people */
    const char *id;      /* the person's id, borrowed from the case */
    int rank;            /* 1.. for a candidate, 0 if excluded */
    double score;        /* in [0, 1]; the parts weighed */
    double closeness;    /* in [0, 1] */
    double availability; /* in [0, 1] */
    double embeddedness; /* in [0, 1] */
    unsigned exclusions; /* bits 1 << kring_exclusion */
    unsigned warnings;   /* bits 1 << kring_warning */
    unsigned char reason[KRING_REASON_COUNT]; /* most weight first */
    int n_reasons;
    unsigned not_recorded;      /* bits: 0 contact, 1 hours, 2 travel,
                                   3 reachable, 4 known years */
    size_t household_known;     /* household people they have a good tie to */
    size_t household_known1;    /* the first of them (case index) */
    size_t household_conflict;  /* household people in conflict with them */
    size_t household_conflict1; /* the first of them by id (case index) */
    unsigned bridged;           /* other sectors their ties reach (bits) */
} kring_candidate;

/* The scores of a case. */
typedef struct kring_scores {
    kring_candidate *ranked; /* candidates by rank: score, then id */
    size_t n_ranked;
    kring_candidate *excluded; /* the others, by id */
    size_t n_excluded;
    kring_metrics metrics; /* the measures the scores used */
} kring_scores;

/* Scores every person of C (a valid case) with weights W (NULL for the
 * default profile). Release S with kring_scores_release(), also after an
 * error. Cost: that of kring_metrics_compute() plus O(n log n + m). */
kring_status kring_score_case(const kring_case *c, const kring_weights *w,
                              kring_scores *s, kring_error *err);
void kring_scores_release(kring_scores *s);

/* Codes as in the JSON output ("parent", "conflict_with_parent", "ring1"). */
const char *kring_exclusion_code(kring_exclusion e);
const char *kring_warning_code(kring_warning w);
const char *kring_reason_code(kring_reason r);
/* The sentence a professional can read aloud for a reason, warning or
 * exclusion of K (scored in C), translated; written into BUF (at most CAP
 * bytes, cut at a character boundary). Returns BUF. */
const char *kring_reason_text(const kring_case *c, const kring_candidate *k,
                              kring_reason r, char *buf, size_t cap);
const char *kring_warning_text(const kring_case *c, const kring_candidate *k,
                               kring_warning w, char *buf, size_t cap);
const char *kring_exclusion_text(const kring_case *c, const kring_candidate *k,
                                 kring_exclusion e, const kring_weights *w,
                                 char *buf, size_t cap);

/* Flags of the network as a whole (docs/scoring.md, "Flags"). */
typedef enum kring_flag {
    KRING_FLAG_SOCIALLY_POOR,      /* fewer than 3 supportive informal adults */
    KRING_FLAG_NO_INNER_ADULT,     /* no informal adult in the inner ring */
    KRING_FLAG_SINGLE_SUPPORT,     /* exactly one supportive informal adult */
    KRING_FLAG_PROFESSIONALISED,   /* as many professionals as supporters */
    KRING_FLAG_NO_CANDIDATE,       /* nobody could be a mentor */
    KRING_FLAG_HOUSEHOLD_CONFLICT, /* a conflict tie in or into the household */
    KRING_FLAG_UNSAFE_PERSON,      /* someone frightens the young person */
    KRING_FLAG_COUNT
} kring_flag;

/* The network as a whole (docs/scoring.md, "Indicators"). */
typedef struct kring_indicators {
    size_t size;                       /* all people */
    size_t adults_informal;            /* adults who are not formal */
    size_t supportive_informal_adults; /* of those: active, relation positive
                                          or mixed, giving support */
    size_t inner_adults;       /* informal active adults in ring 1, relation
                                  positive or mixed, not frightening */
    size_t formal;             /* formal people */
    size_t household;          /* people in the household */
    size_t candidates;         /* people who could be a mentor */
    size_t nominated;          /* people the young person named */
    unsigned sectors;          /* bits 1 << kring_sector present */
    size_t ties;               /* all ties */
    size_t conflict_ties;      /* ties of quality conflict */
    double density;            /* as in kring_metrics */
    size_t components;         /* as in kring_metrics */
    size_t isolates;           /* as in kring_metrics */
    double formal_share;       /* formal / size; 0 when empty */
    double ego_effective_size; /* NAN when empty */
    double ego_constraint;     /* NAN when empty */
    int zrm_level;  /* 1..5, Zelfredzaamheid-Matrix, Sociaal netwerk */
    unsigned flags; /* bits 1 << kring_flag */
} kring_indicators;

/* The indicators of C (a valid case); W gives the minimum age of a
 * candidate (NULL for the default profile). */
kring_status kring_indicators_compute(const kring_case *c,
                                      const kring_weights *w,
                                      kring_indicators *out, kring_error *err);
const char *kring_flag_code(kring_flag f);
/* The flag's meaning in one translated sentence. */
const char *kring_flag_text(kring_flag f);
/* What a ZRM level means for the network, translated. */
const char *kring_zrm_text(int level);

#endif
