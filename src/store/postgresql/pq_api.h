/* libpq's functions as kring calls them: through pointers filled when the
 * first PostgreSQL store is opened (kr_pq_load(), pq_api.c), not linked
 * into kring. A laptop's kring, whose store is a SQLite file, never loads
 * libpq: `ldd kring` stays as it was and a bare start costs nothing more
 * (issue 22). Each name below is the function of <libpq-fe.h>, so the
 * backend's code reads as plain libpq. */
#ifndef KRING_PQ_API_H
#define KRING_PQ_API_H

#include <libpq-fe.h>

#include "kring/kring.h"

#define KR_PQ_FUNCTIONS(X)                                                     \
    X(PQclear)                                                                 \
    X(PQcmdTuples)                                                             \
    X(PQconnectdbParams)                                                       \
    X(PQconnectionNeedsPassword)                                               \
    X(PQconnectionUsedPassword)                                                \
    X(PQconninfoFree)                                                          \
    X(PQconninfoParse)                                                         \
    X(PQdb)                                                                    \
    X(PQenterPipelineMode)                                                     \
    X(PQerrorMessage)                                                          \
    X(PQescapeIdentifier)                                                      \
    X(PQexec)                                                                  \
    X(PQexecParams)                                                            \
    X(PQexecPrepared)                                                          \
    X(PQexitPipelineMode)                                                      \
    X(PQfinish)                                                                \
    X(PQfreemem)                                                               \
    X(PQgetisnull)                                                             \
    X(PQgetlength)                                                             \
    X(PQgetResult)                                                             \
    X(PQgetvalue)                                                              \
    X(PQhost)                                                                  \
    X(PQnfields)                                                               \
    X(PQntuples)                                                               \
    X(PQpipelineSync)                                                          \
    X(PQport)                                                                  \
    X(PQprepare)                                                               \
    X(PQputCopyData)                                                           \
    X(PQputCopyEnd)                                                            \
    X(PQresultErrorField)                                                      \
    X(PQresultErrorMessage)                                                    \
    X(PQresultStatus)                                                          \
    X(PQsendQueryParams)                                                       \
    X(PQsetNoticeProcessor)                                                    \
    X(PQstatus)                                                                \
    X(PQtransactionStatus)                                                     \
    X(PQuser)

struct kr_pq_api {
#define KR_PQ_POINTER(f) __typeof__(f) *p_##f;
    KR_PQ_FUNCTIONS(KR_PQ_POINTER)
#undef KR_PQ_POINTER
};
extern struct kr_pq_api kr_pq;

/* Loads libpq once (thread-safe); KRING_ERR_IO with what failed when it
 * cannot be loaded. */
kring_status kr_pq_load(kring_error *err);

#define PQclear (kr_pq.p_PQclear)
#define PQcmdTuples (kr_pq.p_PQcmdTuples)
#define PQconnectdbParams (kr_pq.p_PQconnectdbParams)
#define PQconnectionNeedsPassword (kr_pq.p_PQconnectionNeedsPassword)
#define PQconnectionUsedPassword (kr_pq.p_PQconnectionUsedPassword)
#define PQconninfoFree (kr_pq.p_PQconninfoFree)
#define PQconninfoParse (kr_pq.p_PQconninfoParse)
#define PQdb (kr_pq.p_PQdb)
#define PQenterPipelineMode (kr_pq.p_PQenterPipelineMode)
#define PQerrorMessage (kr_pq.p_PQerrorMessage)
#define PQescapeIdentifier (kr_pq.p_PQescapeIdentifier)
#define PQexec (kr_pq.p_PQexec)
#define PQexecParams (kr_pq.p_PQexecParams)
#define PQexecPrepared (kr_pq.p_PQexecPrepared)
#define PQexitPipelineMode (kr_pq.p_PQexitPipelineMode)
#define PQfinish (kr_pq.p_PQfinish)
#define PQfreemem (kr_pq.p_PQfreemem)
#define PQgetisnull (kr_pq.p_PQgetisnull)
#define PQgetlength (kr_pq.p_PQgetlength)
#define PQgetResult (kr_pq.p_PQgetResult)
#define PQgetvalue (kr_pq.p_PQgetvalue)
#define PQhost (kr_pq.p_PQhost)
#define PQnfields (kr_pq.p_PQnfields)
#define PQntuples (kr_pq.p_PQntuples)
#define PQpipelineSync (kr_pq.p_PQpipelineSync)
#define PQport (kr_pq.p_PQport)
#define PQprepare (kr_pq.p_PQprepare)
#define PQputCopyData (kr_pq.p_PQputCopyData)
#define PQputCopyEnd (kr_pq.p_PQputCopyEnd)
#define PQresultErrorField (kr_pq.p_PQresultErrorField)
#define PQresultErrorMessage (kr_pq.p_PQresultErrorMessage)
#define PQresultStatus (kr_pq.p_PQresultStatus)
#define PQsendQueryParams (kr_pq.p_PQsendQueryParams)
#define PQsetNoticeProcessor (kr_pq.p_PQsetNoticeProcessor)
#define PQstatus (kr_pq.p_PQstatus)
#define PQtransactionStatus (kr_pq.p_PQtransactionStatus)
#define PQuser (kr_pq.p_PQuser)

#endif
