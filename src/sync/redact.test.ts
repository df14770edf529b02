import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { registerSecret } from '../lib/logger.js';
import { rawKeeper } from './keep-raw.js';
import { redactExcerpt, redactSecrets } from './redact.js';
import { describeError } from './engine.js';
import { describeFailure } from './failure.js';

/** Payloads are the vendors' documented examples (Graph docs, GitHub OpenAPI, botocore examples) or shaped on them. */
const R = '[redacted]';
const json = (v: unknown) => JSON.stringify(v);

// Graph `POST /applications/{id}/addPassword` response (Microsoft Graph v1.0 docs example).
const addPassword = {
  customKeyIdentifier: null,
  endDateTime: '2021-09-09T19:50:29.3086381Z',
  keyId: 'f0b0b335-1d71-4883-8f98-567911bfdca6',
  startDateTime: '2019-09-09T19:50:29.3086381Z',
  secretText: '[6gyXA5S20@MN+WRXAJ]I-TO7g1:h2P8',
  hint: '[6g',
  displayName: 'Password friendly name',
};

// GitHub `POST /app/installations/{installation_id}/access_tokens` 201 (REST OpenAPI example, trimmed).
const installationToken = {
  token: 'ghs_16C7e42F292c6912E7710c838347Ae178B4a',
  expires_at: '2016-07-11T22:14:10Z',
  permissions: { issues: 'write', contents: 'read' },
  repository_selection: 'selected',
  repositories: [{ id: 1296269, name: 'Hello-World', full_name: 'octocat/Hello-World' }],
};

// IAM CreateAccessKey output and STS AssumeRole output (botocore examples).
const createAccessKey = {
  AccessKey: {
    AccessKeyId: 'AKIAIOSFODNN7EXAMPLE',
    CreateDate: '2015-03-09T18:39:23.411Z',
    SecretAccessKey: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYzEXAMPLEKEY',
    Status: 'Active',
    UserName: 'Bob',
  },
};
const sessionToken =
  'AQoDYXdzEPT//////////wEXAMPLEtc764bNrC9SAPBSM22wDOk4x4HIZ8j4FZTwdQWLWsKWHGBuFqwAeMicRXmxfpSPfIeoIYRqTflfKD8YUuwthAx7mSEI/qkPpKPi';

// The jwt.io example token.
const JWT =
  'eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxMjM0NTY3ODkwIiwibmFtZSI6IkpvaG4gRG9lIiwiaWF0IjoxNTE2MjM5MDIyfQ.SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV_adQssw5c';

const PEM_BODY = 'MIIEowIBAAKCAQEA0Z3VS5JJcds3xfn/ygWyF8PbnGy0AHB7MhgHcTz6sE2I2yPB';
const PEM = `-----BEGIN RSA PRIVATE KEY-----\n${PEM_BODY}\naFDrBz9vFqU4yVkzSsRrDjGIZMcj5Y0Ck2nMXs7MgP1t\n-----END RSA PRIVATE KEY-----\n`;

describe('redactSecrets: declared and generic secret fields', () => {
  it('drops Graph secretText and keeps keyId, hint, names and dates', () => {
    const out = redactSecrets(addPassword, ['secretText']);
    expect(out).toEqual({ ...addPassword, secretText: R });
    expect(json(out)).not.toContain('6gyXA5S20');
  });

  it('keeps a listed passwordCredential whose secretText is null as null (nothing to hide, replay sees no value)', () => {
    const listed = { passwordCredentials: [{ ...addPassword, secretText: null }] };
    expect(redactSecrets(listed, ['secretText'])).toEqual(listed);
  });

  it('drops a GitHub installation token and keeps expiry, permissions and repositories', () => {
    const out = redactSecrets(installationToken, []) as typeof installationToken;
    expect(out).toEqual({ ...installationToken, token: R });
    expect(json(out)).not.toContain('16C7e42F292c6912E7710c838347Ae178B4a');
  });

  it('drops the AWS secret access key and session token but keeps the access key id (an identifier)', () => {
    const out = redactSecrets(createAccessKey, []);
    expect(out).toEqual({ AccessKey: { ...createAccessKey.AccessKey, SecretAccessKey: R } });
    const sts = { Credentials: { AccessKeyId: 'ASIAIOSFODNN7EXAMPLE', SessionToken: sessionToken } };
    expect(redactSecrets(sts, [])).toEqual({ Credentials: { AccessKeyId: 'ASIAIOSFODNN7EXAMPLE', SessionToken: R } });
  });

  it('matches declared names without case, "_" or "-"', () => {
    // GitHub's PUT secret body: the sealed value goes, the public key id it was sealed with stays.
    const body = { Encrypted_Value: 'c2VhbGVkLWJveC1jaXBoZXJ0ZXh0LWV4YW1wbGU=', key_id: '012345678912345678' };
    expect(redactSecrets(body, ['encrypted_value'])).toEqual({ Encrypted_Value: R, key_id: '012345678912345678' });
    expect(redactSecrets({ client_secret: 'abc', clientSecret: 'def' }, [])).toEqual({
      client_secret: R,
      clientSecret: R,
    });
  });

  it('replaces a whole secret-named object, and masks GitHub webhook config.secret', () => {
    const hook = {
      id: 1,
      name: 'web',
      config: { url: 'http://example.com', content_type: 'json', secret: '********' },
    };
    expect(redactSecrets(hook, [])).toEqual({ ...hook, config: { ...hook.config, secret: R } });
    expect(redactSecrets({ token: { value: 'x', expires: 1 } }, [])).toEqual({ token: R });
  });

  it('keeps fingerprints, hints, token_last_eight, public keys and certificates', () => {
    const kept = {
      // GitHub credential authorization (OpenAPI example) and deploy key.
      credentialAuthorization: {
        login: 'octocat',
        credential_id: 161195,
        credential_type: 'personal access token',
        token_last_eight: '71c3fc11',
        fingerprint: 'SHA256:nThbg6kXUpJWGl7E1IGOCspRomTxdCARLviKw6E5SY8',
      },
      deployKey: { id: 1, key: 'ssh-rsa AAAAB3NzaC1yc2EAAAADAQABAAABAQC3', title: 'octocat@octomac', read_only: true },
      // Entra keyCredential: `key` is the public certificate, customKeyIdentifier its thumbprint.
      keyCredential: {
        customKeyIdentifier: '52ED9B5038A47B9E2E2190715CC238359D4F8F73',
        keyId: 'a8a0e8b6-6a1e-4f0a-9a75-9a1b2c3d4e5f',
        key: 'MIIDYDCCAkigAwIBAgIQUpDUHOmBgqxDzpcTgCXTwzANBgkqhkiG9w0BAQsFADAp',
        type: 'AsymmetricX509Cert',
        usage: 'Verify',
      },
      description: 'token rotation every 90 days, see the secret-handling runbook',
      policy: 'arn:aws:iam::123456789012:policy/token-reader',
    };
    expect(redactSecrets(kept, [])).toEqual(kept);
  });

  it('does not change its input', () => {
    const input = structuredClone(createAccessKey);
    redactSecrets(input, []);
    expect(input).toEqual(createAccessKey);
  });
});

describe('redactSecrets: token shapes anywhere', () => {
  it('cuts a PEM private key out of a nested field whose name says nothing', () => {
    const app = { manifest: { settings: [{ name: 'signing', value: `key follows:\n${PEM}` }] } };
    const out = json(redactSecrets(app, []));
    expect(out).not.toContain('BEGIN RSA PRIVATE KEY');
    expect(out).not.toContain(PEM_BODY);
    expect(out).toContain('key follows:');
  });

  it('cuts a JWT from a header-like field, and the value of an Authorization header', () => {
    const request = { headers: { 'x-amzn-oidc-data': JWT, Authorization: `Bearer ${JWT}`, 'x-request-id': 'abc-123' } };
    expect(redactSecrets(request, [])).toEqual({
      headers: { 'x-amzn-oidc-data': R, Authorization: R, 'x-request-id': 'abc-123' },
    });
  });

  it('keeps the scheme of an auth header written in text, cuts its value', () => {
    const out = redactSecrets({ note: 'called with Bearer emu-entra-5f1c0a7e9b2d4c6e8f0a1b3c5d7e9f10 at 10:00' }, []);
    expect(out).toEqual({ note: `called with Bearer ${R} at 10:00` });
  });

  it('cuts GitHub and Slack tokens from free text', () => {
    const out = redactSecrets(
      {
        description: 'CI uses 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',
        note: 'bot xoxb-17653672481-19874698323-pdFZKVeTuE8sk7oOcBrzbqgy',
        fineGrained: 'github_pat_11ABCDEFG0123456789_abcdefghijklmnopqrstuvwxyz',
      },
      [],
    );
    expect(out).toEqual({ description: `CI uses ${R}`, note: `bot ${R}`, fineGrained: R });
  });

  it('cuts an AWS secret key written next to its key id, keeping the id', () => {
    const ini =
      'aws_access_key_id = AKIAIOSFODNN7EXAMPLE\naws_secret_access_key = wJalrXUtnFEMI/K7MDENG/bPxRfiCYzEXAMPLEKEY';
    const pair = 'AKIAIOSFODNN7EXAMPLE:wJalrXUtnFEMI/K7MDENG/bPxRfiCYzEXAMPLEKEY';
    // A response logged as text (an audit event's responseElements, an SDK debug line): the field name gives it away.
    const body = JSON.stringify(createAccessKey);
    expect(redactSecrets({ body }, [])).toEqual({
      body: JSON.stringify({ AccessKey: { ...createAccessKey.AccessKey, SecretAccessKey: R } }),
    });
    expect(redactSecrets({ ini, pair }, [])).toEqual({
      ini: `aws_access_key_id = AKIAIOSFODNN7EXAMPLE\naws_secret_access_key = ${R}`,
      pair: `AKIAIOSFODNN7EXAMPLE:${R}`,
    });
  });

  it('cuts credentials out of webhook URLs: userinfo password, secret-named query values, Slack webhook keys', () => {
    const urls = {
      a: 'https://ci.example.com/github?token=q3Zr8KfYtW2bN7xP&project=web',
      b: 'https://deploy:s3cr3t-pa55@deploy.example.com/hook',
      c: 'https://hooks.slack.com/services/T0ABC123D/B0DEF456G/aBcDeFgHiJkLmNoPqRsTuVwX',
    };
    expect(redactSecrets(urls, [])).toEqual({
      a: `https://ci.example.com/github?token=${R}&project=web`,
      b: `https://deploy:${R}@deploy.example.com/hook`,
      c: `https://hooks.slack.com/services/T0ABC123D/B0DEF456G/${R}`,
    });
  });

  it('cuts values registered as config secrets, whatever they look like', () => {
    registerSecret('emu~Zm9vYmFyLXJlZ2lzdGVyZWQ');
    expect(redactSecrets({ echo: 'client_secret was emu~Zm9vYmFyLXJlZ2lzdGVyZWQ.' }, [])).toEqual({
      echo: `client_secret was ${R}.`,
    });
  });
});

describe('redactExcerpt', () => {
  it('is the redacted JSON when short', () => {
    expect(redactExcerpt(createAccessKey, [])).toBe(
      json({ AccessKey: { ...createAccessKey.AccessKey, SecretAccessKey: R } }),
    );
  });

  it('is cut to maxChars, marked with "…", and holds no secret even at the cut', () => {
    const page = { value: Array.from({ length: 40 }, () => ({ ...addPassword })) };
    const excerpt = redactExcerpt(page, ['secretText'], 120);
    expect(excerpt).toHaveLength(120);
    expect(excerpt.endsWith('…')).toBe(true);
    expect(excerpt.startsWith('{"value":[{"customKeyIdentifier":null')).toBe(true);
    expect(redactExcerpt(page, ['secretText'], 100_000)).not.toContain('6gyXA5S20');
  });
});

describe('rawKeeper', () => {
  it('writes pages redacted with the connector secret fields and the generic ones', () => {
    const dir = mkdtempSync(join(tmpdir(), 'steward-raw-redact-'));
    const keep = rawKeeper(dir, 'entra', 'contoso.example', 'run-1', ['secretText']);
    keep('applications', { value: [addPassword], '@odata.nextLink': null });
    keep('tokens', installationToken);
    const text = (f: string) => readFileSync(join(dir, 'entra', 'contoso.example', 'run-1', f), 'utf8');
    expect(JSON.parse(text('applications.jsonl'))).toEqual({
      value: [{ ...addPassword, secretText: R }],
      '@odata.nextLink': null,
    });
    expect(text('tokens.jsonl')).not.toContain('ghs_');
    expect(JSON.parse(text('tokens.jsonl')).expires_at).toBe('2016-07-11T22:14:10Z');
  });
});

describe('failure messages', () => {
  const token = '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';
  const echoed = Object.assign(new Error(`GET https://api.example.test/orgs/acme?access_token=${token} failed`), {
    status: 500,
  });

  it('a run error never carries a token a vendor echoed', () => {
    const line = describeError(echoed);
    expect(line).not.toContain(token);
    expect(line).toContain('GET https://api.example.test/orgs/acme?access_token=');
    expect(line).toContain('(HTTP 500)');
  });

  it('a source problem never carries it either', () => {
    const problem = describeFailure(echoed);
    expect(problem.message).not.toContain(token);
    expect(problem.httpStatus).toBe(500);
  });
});
