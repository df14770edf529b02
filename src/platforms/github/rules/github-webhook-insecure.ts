import type { Rule } from '../../../analysis/risk/types.js';
import { attr, ev, inventorySource } from '../../../analysis/risk/helpers.js';

export const rule: Rule = {
  meta: {
    id: 'github-webhook-insecure',
    title: 'Webhook delivers over plain HTTP or skips TLS verification',
    severity: 'medium',
    description:
      'The webhook\'s URL is http://, or insecure_ssl is "1" (certificate not verified). Payloads — often with repository and user data — and the delivery signature can be read or forged on the way.',
    remediation: 'Use an https:// URL with a valid certificate, set insecure_ssl to "0", and set a webhook secret.',
    owasp: 'NHI4:2025',
    compliance: ['NIST SP 800-53 SC-8', 'PCI DSS 4.0 4.2.1'],
    platforms: ['github'],
    dataRequirement:
      'Needs GitHub webhooks with config url and insecure_ssl (GET /orgs/{org}/hooks, /repos/{owner}/{repo}/hooks).',
    tags: ['transport'],
  },
  evaluate(v) {
    if (v.kind !== 'webhook') return null;
    const config = (attr(v.attributes, 'config') ?? {}) as Record<string, unknown>;
    const url = attr(v.attributes, 'url', 'configUrl') ?? config.url;
    const insecure = attr(v.attributes, 'insecureSsl', 'insecure_ssl') ?? config.insecure_ssl;
    const out = [];
    if (typeof url === 'string' && /^http:\/\//i.test(url))
      out.push(ev('attributes.url', url, `webhook config url per ${inventorySource(v)}`));
    if (insecure === '1' || insecure === 1 || insecure === true)
      out.push(ev('attributes.insecureSsl', '1', `webhook config insecure_ssl per ${inventorySource(v)}`));
    return out.length ? out : null;
  },
};
