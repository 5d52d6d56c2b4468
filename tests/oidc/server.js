// A real OpenID Connect provider for the SSO tests: panva/oidc-provider (OpenID Certified), with its
// development login and consent pages. Configured by environment variables from tests/oidc_provider.py:
//   PORT           port on 127.0.0.1
//   CLIENTS        JSON list of clients (client_id, client_secret, redirect_uris)
//   ACCOUNTS       JSON object: login name -> claims (email, name, studentnummer, ...)
// Any login name signs in (the password is not checked); one that ACCOUNTS lacks has only its `sub`.
import Provider from 'oidc-provider';

const port = Number(process.env.PORT);
const issuer = `http://127.0.0.1:${port}`;
const accounts = JSON.parse(process.env.ACCOUNTS || '{}');
const clients = JSON.parse(process.env.CLIENTS || '[]').map((client) => ({
  grant_types: ['authorization_code'],
  response_types: ['code'],
  token_endpoint_auth_method: 'client_secret_basic',
  ...client,
}));

const provider = new Provider(issuer, {
  clients,
  pkce: { required: () => true },
  claims: {
    openid: ['sub'],
    email: ['email', 'email_verified'],
    profile: ['name', 'given_name', 'family_name', 'studentnummer'],
  },
  conformIdTokenClaims: false,
  async findAccount(ctx, id) {
    const claims = accounts[id] || {};
    return {
      accountId: id,
      async claims() {
        return { sub: id, ...claims };
      },
    };
  },
});

provider.listen(port, '127.0.0.1', () => {
  console.log(`oidc-provider listening on ${issuer}`);
});
