import { ev, inventorySource } from '../../../analysis/risk/helpers.js';
import { platformRule } from '../../../analysis/risk/platform-rule.js';
import type { Evidence } from '../../../model/index.js';
import { githubFacts } from '../facts.js';
import { cis } from '../../../analysis/risk/cis.js';

export const rule = platformRule(githubFacts, {
  nativeTypes: ['org_hook', 'repo_hook'],
  meta: {
    id: 'github-webhook-insecure',
    title: 'Webhook delivers over plain HTTP or skips TLS verification',
    severity: 'medium',
    description:
      'The webhook\'s URL is http://, or insecure_ssl is "1" (certificate not verified). Payloads — often with repository and user data — and the delivery signature can be read or forged on the way.',
    remediation: 'Use an https:// URL with a valid certificate, set insecure_ssl to "0", and set a webhook secret.',
    owasp: 'NHI4:2025',
    compliance: ['NIST SP 800-53 SC-8', 'PCI DSS 4.0 4.2.1', cis.github('1.4.4')],
    platforms: ['github'],
    reads: ['attributes.insecureSsl', 'attributes.url'],
    dataRequirement:
      'Needs GitHub webhooks with config url and insecure_ssl (GET /orgs/{org}/hooks, /repos/{owner}/{repo}/hooks).',
    tags: ['transport'],
  },
  evaluate(v) {
    const out: Evidence[] = [];
    if (/^http:\/\//i.test(v.attributes.url))
      out.push(ev('attributes.url', v.attributes.url, `webhook config url per ${inventorySource(v)}`));
    if (v.attributes.insecureSsl)
      out.push(ev('attributes.insecureSsl', '1', `webhook config insecure_ssl per ${inventorySource(v)}`));
    return out.length ? out : null;
  },
});
