import { importSPKI, jwtVerify } from 'jose';
import type { Endpoint } from '../wire/wire-dialect';
import { TEST_SERVICE_ACCOUNT_EMAIL, TEST_SERVICE_ACCOUNT_PUBLIC_KEY } from './test-service-account';
import { mintVertexAccessToken } from './vertex-access-token';

const TOKEN_LIFETIME_SECONDS = 3599;
const CLOUD_PLATFORM_SCOPE = 'https://www.googleapis.com/auth/cloud-platform';
const publicKey = importSPKI(TEST_SERVICE_ACCOUNT_PUBLIC_KEY, 'RS256');

/**
 * Google's OAuth token endpoint for the JWT bearer grant (`POST /token`, form-encoded
 * `grant_type=urn:ietf:params:oauth:grant-type:jwt-bearer&assertion=...`): the assertion must be
 * signed RS256 by the test service account, be for this endpoint (`aud`), name the account as
 * issuer, ask for the cloud-platform scope and be unexpired. Errors in Google's OAuth shape
 * (`{"error": "invalid_grant", "error_description": ...}`), status 400.
 */
export const vertexTokenEndpoint: Endpoint = {
  countsTowardFaults: false,
  unauthenticated: true,

  wantsStream() {
    return false;
  },

  problem() {
    return undefined;
  },

  answer(call) {
    const { exchange } = call;
    const refuse = (error: string, description: string) =>
      exchange.sendJson(400, JSON.stringify({ error, error_description: description }), undefined, null);
    const form = new URLSearchParams(typeof call.body === 'string' ? call.body : '');
    if (form.get('grant_type') !== 'urn:ietf:params:oauth:grant-type:jwt-bearer') {
      refuse('unsupported_grant_type', 'Invalid grant_type: ' + (form.get('grant_type') ?? ''));
      return;
    }
    const assertion = form.get('assertion');
    if (!assertion) {
      refuse('invalid_request', 'Missing required parameter: assertion');
      return;
    }
    const host = exchange.request.headers.host ?? '';
    const audience = `http://${host}${exchange.record.path}`;
    publicKey
      .then((key) => jwtVerify(assertion, key, { issuer: TEST_SERVICE_ACCOUNT_EMAIL, audience, algorithms: ['RS256'] }))
      .then(({ payload }) => {
        if (payload.scope !== CLOUD_PLATFORM_SCOPE) {
          refuse('invalid_scope', 'Invalid OAuth scope or ID token audience provided.');
          return;
        }
        const body = {
          access_token: mintVertexAccessToken(Date.now() + TOKEN_LIFETIME_SECONDS * 1000),
          expires_in: TOKEN_LIFETIME_SECONDS,
          token_type: 'Bearer',
        };
        exchange.sendJson(200, JSON.stringify(body), undefined, null);
      })
      .catch(() => refuse('invalid_grant', 'Invalid JWT Signature.'));
  },
};
