import type { BenignNovelty, ExpectedDetection, PlantedActivity } from '../../../emulation/estate/activity.js';
import type { IdentityLabel } from '../../../emulation/estate/labels.js';
import { Random } from '../../../emulation/estate/random.js';
import { entraIdentityId } from './oracle.js';
import type { EntraTenantData, GraphApplication, GraphUser } from './types.js';

/**
 * Planted Entra directory audits: credentials added to owned applications, as Graph `directoryAudit` resources one per
 * line (what `GET /auditLogs/directoryAudits` pages hold in `value`; fields of
 * https://learn.microsoft.com/graph/api/resources/directoryaudit, activity names and KeyDescription values as Entra
 * writes them). The expected detections come from this file's own catalogue, never from the monitoring code: a
 * credential added by someone who is neither the application's owner nor the application itself is the attack; the
 * owner adding one is routine.
 */

const HOUR = 3_600_000;
const ADMIN_IP = '20.42.65.77'; // AS8075, US (an admin workstation behind Azure)

const SCENARIOS = {
  strangerAddsSecret: {
    scenario: 'a user who does not own an application adds a client secret to it',
    expect: [{ ruleId: 'activity-credential-by-non-owner', severity: 'high', on: 'target' }],
  },
  appAddsCredentialToAnother: {
    scenario: "an application adds a credential to another owned application's service principal (a backdoor)",
    expect: [
      { ruleId: 'activity-credential-by-non-owner', severity: 'high', on: 'target' },
      { ruleId: 'activity-sensitive-operation', severity: 'high', on: 'actor' },
    ],
  },
  ownerAddsSecret: {
    scenario: "benign: an application's owner adds a client secret to it: nothing to raise",
    expect: [],
    benign: 'info',
  },
} as const;

type ScenarioId = keyof typeof SCENARIOS;

interface Owned {
  app: GraphApplication;
  servicePrincipalId: string;
  identityId: string;
  owner: GraphUser;
}

/** The applications an actor may act with (the sign-in generator's busy actors). */
export interface AuditActor {
  app: GraphApplication;
  servicePrincipalId: string;
  identityId: string;
}

export function plantAudits(
  data: EntraTenantData,
  labels: readonly IdentityLabel[],
  now: Date,
  actingApp: AuditActor | undefined,
): PlantedActivity | null {
  // Never the acting application itself, nor one it co-owns (then it would be an owner by the vendor's data).
  const owned = ownedApplications(data, labels).filter(
    (o) => o.identityId !== actingApp?.identityId && !ownersOf(data, o).has(actingApp?.servicePrincipalId ?? ''),
  );
  if (owned.length === 0) return null;
  const t0 = now.getTime();
  const log = new AuditLog(new Random(0xa0d1_7e17), data.tenantId);
  const expected: ExpectedDetection[] = [];
  const benign: BenignNovelty[] = [];
  const plantOn = (id: ScenarioId, target: Owned | undefined, actorId: string | null, plant: (t: Owned) => void) => {
    if (!target) return;
    plant(target);
    const s = SCENARIOS[id];
    for (const e of s.expect) {
      const identityId = e.on === 'target' ? target.identityId : actorId;
      if (identityId) expected.push({ ruleId: e.ruleId, severity: e.severity, identityId, scenario: s.scenario });
    }
    if ('benign' in s) benign.push({ identityId: target.identityId, scenario: s.scenario, maxSeverity: s.benign });
  };
  const [attacked, backdoored, routine] = owned;
  plantOn('strangerAddsSecret', attacked, null, (t) => {
    const stranger = data.users.find((u) => u.accountEnabled && !ownersOf(data, t).has(u.id));
    if (stranger) log.secretAdded(t, { user: stranger }, t0 - 90 * 60_000);
  });
  if (actingApp)
    plantOn('appAddsCredentialToAnother', backdoored, actingApp.identityId, (t) =>
      log.servicePrincipalCredentialAdded(t, actingApp, t0 - 80 * 60_000),
    );
  plantOn('ownerAddsSecret', routine, null, (t) => log.secretAdded(t, { user: t.owner }, t0 - 5 * HOUR));
  const lines = log.sorted();
  return {
    format: 'graph-audits',
    fileName: `${data.tenantDomain}-directory-audits.jsonl`,
    text: `${lines.map((l) => JSON.stringify(l)).join('\n')}\n`,
    records: lines.length,
    expected,
    benign,
  };
}

function ownersOf(data: EntraTenantData, o: Owned): Set<string> {
  return new Set([...(data.owners[o.app.id] ?? []), ...(data.owners[o.servicePrincipalId] ?? [])]);
}

/**
 * Home applications whose labelled owner is an explicit, current owner (the one the ownership layer must find), with
 * that owner's user record.
 */
function ownedApplications(data: EntraTenantData, labels: readonly IdentityLabel[]): Owned[] {
  const byId = new Map(labels.map((l) => [l.id, l]));
  const spByApp = new Map(data.servicePrincipals.map((sp) => [sp.appId, sp.id]));
  const userByEmail = new Map(data.users.map((u) => [(u.mail ?? u.userPrincipalName).toLowerCase(), u]));
  const out: Owned[] = [];
  for (const app of data.applications) {
    const label = byId.get(entraIdentityId(data.tenantDomain, 'application', app.id));
    const servicePrincipalId = spByApp.get(app.appId);
    const email = label?.owner?.source === 'explicit_owner' ? label.owner.email : null;
    const owner = email ? userByEmail.get(email) : undefined;
    if (!label || !servicePrincipalId || !owner?.accountEnabled) continue;
    out.push({ app, servicePrincipalId, identityId: label.id, owner });
  }
  return out;
}

type Audit = Record<string, unknown>;

class AuditLog {
  private readonly lines: Array<{ at: number; line: Audit }> = [];

  constructor(
    private readonly rng: Random,
    private readonly tenantId: string,
  ) {}

  /** "Update application – Certificates and secrets management": a password added to the application object. */
  secretAdded(t: Owned, by: { user: GraphUser }, at: number): void {
    const initiatedBy = {
      user: { id: by.user.id, displayName: null, userPrincipalName: by.user.userPrincipalName, ipAddress: ADMIN_IP },
      app: null,
    };
    const target = { id: t.app.id, displayName: t.app.displayName, type: 'Application' };
    this.push(at, 'Update application – Certificates and secrets management ', 'Update', initiatedBy, target);
  }

  /** "Add service principal credentials": a key added to the service principal, by an application. */
  servicePrincipalCredentialAdded(t: Owned, by: AuditActor, at: number): void {
    const initiatedBy = {
      user: null,
      app: {
        appId: by.app.appId,
        displayName: by.app.displayName,
        servicePrincipalId: by.servicePrincipalId,
        servicePrincipalName: by.app.displayName,
      },
    };
    const target = { id: t.servicePrincipalId, displayName: t.app.displayName, type: 'ServicePrincipal' };
    this.push(at, 'Add service principal credentials', 'Add', initiatedBy, target);
  }

  private push(at: number, activity: string, operationType: string, initiatedBy: object, target: object): void {
    const keyId = this.rng.uuid();
    const description = `[KeyIdentifier=${keyId},KeyType=Password,KeyUsage=Verify,DisplayName=added]`;
    const id = `Directory_${this.rng.uuid()}_${this.rng.token(5).toUpperCase()}_${this.rng.int(1_000_000, 99_999_999)}`;
    this.lines.push({
      at,
      line: {
        id,
        category: 'ApplicationManagement',
        correlationId: this.rng.uuid(),
        result: 'success',
        resultReason: '',
        activityDisplayName: activity,
        activityDateTime: new Date(at).toISOString(),
        loggedByService: 'Core Directory',
        operationType,
        initiatedBy,
        targetResources: [
          {
            ...target,
            userPrincipalName: null,
            groupType: null,
            modifiedProperties: [
              { displayName: 'KeyDescription', oldValue: '[]', newValue: JSON.stringify([description]) },
              { displayName: 'Included Updated Properties', oldValue: null, newValue: '"KeyDescription"' },
            ],
          },
        ],
        additionalDetails: [
          { key: 'User-Agent', value: 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 Chrome/131.0' },
          { key: 'TenantId', value: this.tenantId },
        ],
      },
    });
  }

  /** Graph lists audits newest first; the file is written oldest first, like the sign-ins. */
  sorted(): Audit[] {
    return this.lines.sort((x, y) => x.at - y.at).map((l) => l.line);
  }
}
