// A real OpenID Provider for kring server's tests (tests/server/oidc_check.py):
// the npm package oidc-provider (certified), on loopback over plain HTTP,
// with one client, kring, registered for REDIRECT with SECRET (client
// secret basic, PKCE S256 required). Its development interactions log in
// any login typed; the account's subject is "idp-" and the login (not
// the login itself, as at a real provider), its preferred_username the
// login. Prints "ready PORT" once it listens.
// Usage: node oidc_provider.mjs PORT REDIRECT CLIENT_ID SECRET
import Provider from 'oidc-provider';

const [port, redirect, clientId, secret] = process.argv.slice(2);
const provider = new Provider(`http://127.0.0.1:${port}`, {
  clients: [{
    client_id: clientId,
    client_secret: secret,
    redirect_uris: [redirect],
    grant_types: ['authorization_code'],
    response_types: ['code'],
    token_endpoint_auth_method: 'client_secret_basic',
  }],
  pkce: { methods: ['S256'], required: () => true },
  claims: { openid: ['sub'], profile: ['preferred_username', 'name'] },
  async findAccount(ctx, id) {
    return {
      accountId: id,
      async claims() {
        return { sub: `idp-${id}`, preferred_username: id };
      },
    };
  },
  // The profile's claims in the ID token too, as Keycloak and Entra ID
  // put preferred_username there: kring reads the ID token alone.
  conformIdTokenClaims: false,
  features: { devInteractions: { enabled: true } },
  cookies: { keys: ['kring-test-only'] },
});
provider.listen(Number(port), '127.0.0.1', () => {
  console.log(`ready ${port}`);
});
