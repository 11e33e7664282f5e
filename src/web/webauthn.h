/* Passkeys (src/web/webauthn.c), within kring-auth.so: its functions
 * reach kring through struct ka_api (auth.h) only, and are not exported. */
#ifndef KRING_WEBAUTHN_H
#define KRING_WEBAUTHN_H

#include "auth.h"

#pragma GCC visibility push(hidden)
/* The challenges' key made; 0. After sodium_init(). */
int ka_webauthn_init(void);
int ka_challenge(const char *context, long long until, char *out);
int ka_challenge_ok(const char *challenge, const char *context, long long now);
int ka_passkey_made(const struct ka_webauthn *in, char *id, char *key,
                    unsigned long long *count, const char **why);
int ka_passkey_check(const struct ka_webauthn *in, const char *key,
                     unsigned long long *count, const char **why);
#pragma GCC visibility pop

#endif
