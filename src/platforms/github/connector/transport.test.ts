import { describe, expect, it } from 'vitest';
import { noAnswer, ssoRefusal } from './transport.js';

const refusal = (headers: Record<string, string>) => ({
  name: 'HttpError',
  status: 403,
  message: 'Resource protected by organization SAML enforcement.',
  request: { method: 'GET', url: 'https://api.github.com/orgs/acme/actions/secrets' },
  response: { headers, data: { message: 'Resource protected by organization SAML enforcement.' } },
});

describe('GitHub SAML SSO refusals', () => {
  it('names SSO authorization and the URL to grant it, in the error and in the body message the run quotes', () => {
    const url = 'https://github.com/orgs/acme/sso?authorization_request=A1B2';
    const e = noAnswer(refusal({ 'x-github-sso': `required; url=${url}` })) as ReturnType<typeof refusal>;
    expect(e.status).toBe(403);
    expect(e.message).toBe(
      `SAML SSO authorization required: the token is not authorized for the organization's SAML single sign-on (authorize it at ${url}) — Resource protected by organization SAML enforcement.`,
    );
    expect(e.response.data.message).toBe(e.message);
  });

  it('leaves a plain 403 and a partial-results SSO header alone', () => {
    const plain = refusal({ 'x-ratelimit-remaining': '4999' });
    expect((ssoRefusal(plain) as typeof plain).message).toBe('Resource protected by organization SAML enforcement.');
    const partial = refusal({ 'x-github-sso': 'partial-results; organizations=21955855,20582480' });
    expect((ssoRefusal(partial) as typeof partial).message).toBe(
      'Resource protected by organization SAML enforcement.',
    );
  });
});
