import { describe, expect, it } from 'vitest';
import { evaluateViews } from '../../../analysis/risk/evaluate.js';
import { fixtureViews, NOW } from '../fixtures/index.js';
import { rule } from './entra-sp-privileged-directory-role.js';

const hitsOn = (names: string[]) =>
  evaluateViews(
    fixtureViews().filter((v) => names.includes(v.name)),
    { now: NOW, rules: [rule] },
  );

describe('entra-sp-privileged-directory-role on transformed Graph payloads', () => {
  it('fires on a managed identity that is Global Administrator of the tenant, not on its scoped role', () => {
    const hits = hitsOn(['func-billing-prod']);
    expect(hits.map((h) => [h.identity.name, h.rule.severity, h.evidence])).toEqual([
      [
        'func-billing-prod',
        'critical',
        [
          {
            field: 'permissions[0]',
            value: 'Global Administrator',
            source:
              'managed identity holds directory role template 62e90394-69f5-4237-9190-012177145e10 at scope / per roleManagement/directory/roleAssignments',
          },
        ],
      ],
    ]);
  });

  it('stays silent on Cloud Application Administrator, Directory Readers and app permissions', () => {
    // hr-directory-sync: Cloud Application Administrator (the elevated rule's) and Directory Readers;
    // legacy-reporting: Directory Readers; mi-aks-prod: Application.ReadWrite.All, an app role, not a directory role.
    expect(hitsOn(['hr-directory-sync', 'legacy-reporting', 'mi-aks-prod'])).toEqual([]);
  });
});
