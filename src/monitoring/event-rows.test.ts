import { describe, expect, it } from 'vitest';
import type { ActivityEvent } from './event.js';
import { fromRows, toRows } from './event-rows.js';

// Hand-written events in the shape the parsers give (a CloudTrail key use, an Entra person, an Okta app).
const keyUse: ActivityEvent = {
  id: '3038ebd2-c98a-4c65-9b6e-e22506292313',
  platform: 'aws',
  tenant: '111122223333',
  time: Date.parse('2026-11-30T10:15:00Z'),
  classUid: 6003,
  operation: 'iam:CreateAccessKey',
  actor: {
    principal: 'arn:aws:iam::111122223333:user/deploy-bot',
    name: 'deploy-bot',
    keys: ['AKIAIOSFODNN7EXAMPLE', 'AIDAJDPLRKLG7UEXAMPLE'],
    programmatic: true,
    vendorService: false,
  },
  sourceIp: '203.0.113.10',
  userAgent: 'aws-cli/2.15.0 Python/3.11',
  success: true,
  target: 'ops-admin',
  targetKeys: ['AIDAEXAMPLETARGET0001'],
  tags: ['credential.create', 'credential.other'],
  identityId: null,
  credentialId: null,
  targetIdentityId: null,
  asn: 64500,
  country: 'NL',
  uaFamily: 'aws-cli',
};
const person: ActivityEvent = {
  ...keyUse,
  id: 'Directory_0b8e7a4c',
  platform: 'entra',
  operation: 'Add service principal credentials',
  actor: {
    principal: 'alice@contoso.example',
    name: 'Alice',
    keys: [],
    programmatic: false,
    vendorService: false,
    person: true,
  },
  sourceIp: null,
  userAgent: null,
  success: false,
  target: null,
  targetKeys: [],
  tags: [],
  identityId: 'entra:identity:1',
  asn: null,
  country: null,
  uaFamily: null,
};
const notPerson: ActivityEvent = {
  ...keyUse,
  id: 'okta-evt-1',
  platform: 'okta',
  actor: { ...keyUse.actor, person: false, vendorService: true },
};

describe('event rows (the parse thread hand-over)', () => {
  it('gives back every event as it was, person absent, true or false alike', () => {
    const events = [keyUse, person, notPerson];
    const back = fromRows(structuredClone(toRows(events)));
    expect(back).toStrictEqual(events);
    expect(back.map((e) => 'person' in e.actor)).toEqual([false, true, true]);
  });

  it('gives no events for no rows', () => {
    expect(fromRows(toRows([]))).toEqual([]);
  });
});
