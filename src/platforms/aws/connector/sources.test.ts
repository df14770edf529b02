import { describe, expect, it } from 'vitest';
import { FillableField } from '../../../model/index.js';
import { awsFacts } from '../facts.js';
import { EMULATED_OPERATIONS } from '../emulator/iam.js';
import { awsConnector } from './index.js';

/** The declared sources against the facts, the emulator's actions and the IAM action names. */
const sources = awsConnector.sources;

describe('AWS IAM sources', () => {
  it('every nativeType of the facts is listed by a source; ids are unique; only the account listing is required', () => {
    const listed = new Set(sources.flatMap((s) => s.lists ?? []));
    for (const nativeType of Object.keys(awsFacts)) expect(listed, nativeType).toContain(nativeType);
    expect(new Set(sources.map((s) => s.id)).size).toBe(sources.length);
    expect(sources.filter((s) => s.required).map((s) => s.id)).toEqual(['gaad']);
  });

  it("endpoints are '<service>:<Action>' names the emulator answers, and each permission grants exactly those actions", () => {
    for (const s of sources) {
      expect(s.endpoints.length, s.id).toBeGreaterThan(0);
      for (const e of s.endpoints) {
        expect(e, s.id).toMatch(/^(iam|sts|access-analyzer|organizations):[A-Z][A-Za-z0-9]+$/);
        expect(EMULATED_OPERATIONS, `${s.id}: emulator route for ${e}`).toContain(e);
      }
      // The IAM policy actions to grant are the endpoints themselves (IAM authorizes per action), except that
      // Access Analyzer authorizes ListFindingsV2 by the access-analyzer:ListFindings action.
      const authorizing = s.endpoints.map((e) =>
        e === 'access-analyzer:ListFindingsV2' ? 'access-analyzer:ListFindings' : e,
      );
      expect(s.permission.split(', ').sort(), s.id).toEqual(authorizing.sort());
    }
  });

  it('filled fields are fillable and name attributes the facts declare for the filled nativeTypes', () => {
    for (const s of sources) {
      for (const field of s.fills?.fields ?? []) {
        expect(FillableField.safeParse(field).success, `${s.id}: ${field}`).toBe(true);
        if (!field.startsWith('attributes.')) continue;
        for (const type of s.fills?.nativeTypes ?? []) {
          const shape = awsFacts[type as keyof typeof awsFacts].identity.shape;
          expect(Object.keys(shape), `${s.id}: ${type}.${field}`).toContain(field.slice('attributes.'.length));
        }
      }
    }
  });

  it('names the secret-bearing fields of IAM payloads', () => {
    expect(awsConnector.secretFields).toEqual(expect.arrayContaining(['SecretAccessKey', 'SessionToken']));
  });
});
