/* libFuzzer harness: a passkey's answer as kring server reads it before
 * anyone is logged in (src/web/webauthn.c, in kring-auth.so). The first
 * byte chooses what the rest is: 0 a registration's attestation object
 * (CBOR: the authenticator's data, the credential, its COSE key), 1 a
 * kept COSE key an assertion is checked against, 2 a registration's
 * clientDataJSON, 3 an assertion's authenticatorData. The other fields
 * are well formed (tests/unit/webauthn_vectors.h), so that each input
 * reaches the part it is for. `make fuzz`; docs/security.md. */
#include <sodium.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "auth.h"
#include "unit/webauthn_vectors.h"
#include "webauthn.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static int ready;
    struct ka_webauthn in = {.rp_id = "kring.example",
                             .origin = "https://kring.example",
                             .challenge = "Q0hBTExFTkdFLTE",
                             .client_data = regs[0].client_data,
                             .attestation = regs[0].attestation,
                             .id = regs[0].id};
    char id[KA_PASSKEY_ID_MAX], key[KA_PASSKEY_KEY_MAX], *b64;
    const char *why = NULL, *cose = regs[0].key;
    unsigned long long count = 0;
    size_t n;

    if (!ready) {
        if (sodium_init() < 0 || ka_webauthn_init() < 0)
            abort();
        ready = 1;
    }
    if (size < 1 || size > 8192)
        return 0;
    n = sodium_base64_ENCODED_LEN(size - 1,
                                  sodium_base64_VARIANT_URLSAFE_NO_PADDING);
    if ((b64 = malloc(n)) == NULL)
        return 0;
    sodium_bin2base64(b64, n, data + 1, size - 1,
                      sodium_base64_VARIANT_URLSAFE_NO_PADDING);
    switch (data[0] % 4) {
    case 0:
        in.attestation = b64;
        ka_passkey_made(&in, id, key, &count, &why);
        break;
    case 1:
        cose = b64;
        /* fall through: checked against that key */
    case 3:
        in.challenge = "Q0hBTExFTkdFLTI";
        in.client_data = asserts[1].client_data;
        in.auth_data = data[0] % 4 == 3 ? b64 : asserts[1].auth_data;
        in.signature = asserts[1].signature;
        ka_passkey_check(&in, cose, &count, &why);
        break;
    default:
        in.client_data = b64;
        ka_passkey_made(&in, id, key, &count, &why);
        break;
    }
    free(b64);
    return 0;
}
