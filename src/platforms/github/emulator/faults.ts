import type { FastifyReply } from 'fastify';
import type { VendorFaults } from '../../../emulation/kit/index.js';
import { errorBody } from './http.js';

const RATE_DOCS = 'https://docs.github.com/rest/overview/rate-limits-for-the-rest-api';

function primaryLimit(reply: FastifyReply, wait: number, nowS: number) {
  reply.header('x-ratelimit-limit', '5000').header('x-ratelimit-remaining', '0').header('x-ratelimit-used', '5000');
  reply.header('x-ratelimit-reset', String(nowS + wait)).header('x-ratelimit-resource', 'core');
  return reply
    .code(403)
    .send(
      errorBody(
        'API rate limit exceeded for user ID 1. If you reach out to GitHub Support for help, please include the request ID.',
        403,
        `${RATE_DOCS}#about-primary-rate-limits`,
      ),
    );
}

/** GitHub documents both forms of the secondary limit: 429, or 403 with the same body and `retry-after`. */
function secondaryLimit(reply: FastifyReply, wait: number, nowS: number, status: 403 | 429 = 429) {
  reply.header('retry-after', String(Math.max(1, wait)));
  reply.header('x-ratelimit-limit', '5000').header('x-ratelimit-remaining', '4000').header('x-ratelimit-used', '1000');
  reply.header('x-ratelimit-reset', String(nowS + 3600)).header('x-ratelimit-resource', 'core');
  return reply
    .code(status)
    .send(
      errorBody(
        'You have exceeded a secondary rate limit. Please wait a few minutes before you try again. If you reach out to GitHub Support for help, please include the request ID.',
        status,
        `${RATE_DOCS}#about-secondary-rate-limits`,
      ),
    );
}

/** Where GitHub's refusals point: the reference of the endpoint refused (keyed by the emulator's route). */
const ENDPOINT_DOCS: Record<string, string> = {
  '/orgs/:org/members': 'orgs/members#list-organization-members',
  '/orgs/:org/repos': 'repos/repos#list-organization-repositories',
  '/orgs/:org/installations': 'orgs/orgs#list-app-installations-for-an-organization',
  '/apps/:app_slug': 'apps/apps#get-an-app',
  '/orgs/:org/credential-authorizations': 'orgs/orgs#list-saml-sso-authorizations-for-an-organization',
  '/orgs/:org/personal-access-tokens':
    'orgs/personal-access-tokens#list-fine-grained-personal-access-tokens-with-access-to-organization-resources',
  '/orgs/:org/personal-access-token-requests':
    'orgs/personal-access-tokens#list-requests-to-access-organization-resources-with-fine-grained-personal-access-tokens',
  '/orgs/:org/actions/secrets': 'actions/secrets#list-organization-secrets',
  '/repos/:owner/:repo/actions/secrets': 'actions/secrets#list-repository-secrets',
  '/orgs/:org/hooks': 'orgs/webhooks#list-organization-webhooks',
  '/repos/:owner/:repo/hooks': 'repos/webhooks#list-repository-webhooks',
  '/repos/:owner/:repo/keys': 'deploy-keys/deploy-keys#list-deploy-keys',
  '/orgs/:org/dependabot/secrets': 'dependabot/secrets#list-organization-secrets',
  '/repos/:owner/:repo/dependabot/secrets': 'dependabot/secrets#list-repository-secrets',
  '/orgs/:org/codespaces/secrets': 'codespaces/organization-secrets#list-organization-secrets',
  '/orgs/:org/actions/runner-groups':
    'actions/self-hosted-runner-groups#list-self-hosted-runner-groups-for-an-organization',
  '/repos/:owner/:repo/environments': 'deployments/environments#list-environments',
  '/repos/:owner/:repo/environments/:environment_name/secrets': 'actions/secrets#list-environment-secrets',
  '/orgs/:org/actions/oidc/customization/sub':
    'actions/oidc#get-the-customization-template-for-an-oidc-subject-claim-for-an-organization',
  '/repos/:owner/:repo/actions/oidc/customization/sub':
    'actions/oidc#get-the-customization-template-for-an-oidc-subject-claim-for-a-repository',
  '/orgs/:org/secret-scanning/alerts':
    'secret-scanning/secret-scanning#list-secret-scanning-alerts-for-an-organization',
};

function documentationUrl(reply: FastifyReply): string {
  const page = ENDPOINT_DOCS[reply.request.routeOptions.url ?? ''];
  return page ? `https://docs.github.com/rest/${page}` : 'https://docs.github.com/rest';
}

/**
 * GitHub's answers to the kit's faults: `throttle` alternates the secondary limit (429 + retry-after) and the
 * primary one (403, x-ratelimit-remaining 0) unless `style` picks one (`secondary-403`: the secondary limit in its
 * 403 form, which a client must not read as a missing permission); a server error is GitHub's documented 500
 * "Internal Error" (`basic-error` body), for random faults and endpoint faults alike; a refusal is
 * GitHub's own 403 to an App lacking a permission ("Resource not accessible by integration") or its 404, which
 * GitHub also answers for what the caller may not see. `rateHeaders` sets the caller's x-ratelimit-* headers, which
 * GitHub sends on every answer (a refusal says remaining > 0, so it is never mistaken for a rate limit).
 */
export type ThrottleStyle = 'alternate' | 'primary' | 'secondary' | 'secondary-403';

export function githubFaults(
  style: ThrottleStyle = 'alternate',
  rateHeaders: (reply: FastifyReply) => void = () => {},
): VendorFaults {
  let throttles = 0;
  return {
    refuse(reply, status) {
      reply.header('x-github-request-id', `EMU:${Date.now().toString(16)}`);
      rateHeaders(reply);
      const message = status === 403 ? 'Resource not accessible by integration' : 'Not Found';
      return reply.code(status).send(errorBody(message, status, documentationUrl(reply)));
    },
    throttle(reply, retryAfterSeconds) {
      const primary = style === 'primary' || (style === 'alternate' && throttles++ % 2 === 1);
      const wait = Math.max(0, Math.ceil(retryAfterSeconds));
      const nowS = Math.floor(Date.now() / 1000);
      reply.header('x-github-request-id', `EMU:${Date.now().toString(16)}`);
      if (primary) return primaryLimit(reply, wait, nowS);
      return secondaryLimit(reply, wait, nowS, style === 'secondary-403' ? 403 : 429);
    },
    serverError(reply) {
      reply.header('x-github-request-id', `EMU:${Date.now().toString(16)}`);
      return reply.code(500).send(errorBody('Server Error', 500));
    },
  };
}
