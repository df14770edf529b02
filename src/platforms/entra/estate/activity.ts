import {
  type ActivityGenerator,
  type PlantedActivity,
  DAY,
  HOUR,
  routineTimes,
  PlantedScenarios,
  jsonLines,
} from '../../../emulation/estate/activity.js';
import type { IdentityLabel } from '../../../emulation/estate/labels.js';
import { Random } from '../../../emulation/estate/random.js';
import { plantAudits } from './activity-audits.js';
import { entraIdentityId } from './oracle.js';
import type { EntraTenantData, GraphApplication } from './types.js';

/**
 * Planted Entra sign-ins of the demo's home applications: two weeks of client-credential sign-ins from Azure, then the
 * planted attack sequences and benign novelty of the last day, as Graph `signIn` resources one per line (what
 * `GET /auditLogs/signIns?$filter=signInEventTypes/any(t: t eq 'servicePrincipal')` pages hold in `value`; fields of
 * https://learn.microsoft.com/graph/api/resources/signin). The expected detections come from this file's own
 * catalogue (SCENARIOS), never from the monitoring code.
 */

/** Addresses and what the offline IP tables (@ip-location-db) say of them, looked up by hand. */
const NET = {
  azureUs: ['20.42.65.1', '20.42.70.9'], // AS8075 (Microsoft), US: the baseline
  azureUsOther: '40.76.4.15', // AS8075, US: a new address on a known network
  torDe: '185.220.101.33', // AS60729, DE
} as const;

const RESOURCES = [
  { resourceDisplayName: 'Microsoft Graph', resourceId: '00000003-0000-0000-c000-000000000000' },
  { resourceDisplayName: 'Azure Key Vault', resourceId: 'cfa8b339-82a2-471a-a3c9-0fc0be7a4093' },
] as const;

const SCENARIOS = {
  newCountry: {
    scenario: 'an application that signs in from Azure in the US signs in from a Tor exit in Germany',
    expect: [{ ruleId: 'activity-new-origin', severity: 'high' }],
  },
  dormantApp: {
    scenario: 'an application unused for months signs in again with its client secret',
    expect: [{ ruleId: 'activity-dormant-then-active', severity: 'high' }],
  },
  newAddressSameNetwork: {
    scenario: 'benign: a new Azure address on the same network and country: nothing to raise',
    expect: [],
    benign: 'info',
  },
} as const;

type ScenarioId = keyof typeof SCENARIOS;

interface Actor {
  app: GraphApplication;
  servicePrincipalId: string;
  identityId: string;
}

/** Two logs: the sign-ins, then the directory audits (credentials added to owned applications, activity-audits.ts). */
export const entraActivity: ActivityGenerator = (data, labels, now) => {
  const tenant = data as EntraTenantData;
  const cast = castActors(tenant, labels, now.getTime());
  const signIns = plantSignIns(tenant, cast, now);
  const audits = plantAudits(tenant, labels, now, cast.busy[0]);
  return [signIns, audits].filter((p): p is PlantedActivity => p !== null);
};

function plantSignIns(data: EntraTenantData, cast: ReturnType<typeof castActors>, now: Date): PlantedActivity | null {
  const t0 = now.getTime();
  if (!cast.busy.length) return null;
  const log = new SignInLog(new Random(0x5eed_e17a), t0);
  const planted = new PlantedScenarios<ScenarioId>(SCENARIOS);
  const [abroad, moved] = cast.busy;
  for (const a of cast.busy) log.routine(a);
  planted.on('newCountry', abroad, (a) => log.signIn(a, t0 - 4 * HOUR, NET.torDe));
  planted.on('newAddressSameNetwork', moved, (a) => log.signIn(a, t0 - 3 * HOUR, NET.azureUsOther));
  planted.on('dormantApp', cast.dormant, (a) => log.signIn(a, t0 - 2 * HOUR, NET.torDe));
  const lines = log.sorted();
  return {
    format: 'graph-signins',
    fileName: `${data.tenantDomain}-serviceprincipal-signins.jsonl`,
    text: jsonLines(lines),
    records: lines.length,
    expected: planted.expected,
    benign: planted.benign,
  };
}

/**
 * Home applications with a client secret and a service principal: busy ones (last sign-in recent or unknown, so two
 * weeks of history wakes nothing) and one whose last sign-in is ≥ 90 days old.
 */
function castActors(data: EntraTenantData, labels: readonly IdentityLabel[], t0: number) {
  const byId = new Map(labels.map((l) => [l.id, l]));
  const spByApp = new Map(data.servicePrincipals.map((sp) => [sp.appId, sp.id]));
  const busy: Actor[] = [];
  let dormant: Actor | undefined;
  for (const app of data.applications) {
    const label = byId.get(entraIdentityId(data.tenantDomain, 'application', app.id));
    const servicePrincipalId = spByApp.get(app.appId);
    if (!label || !servicePrincipalId || app.passwordCredentials.length === 0) continue;
    const last = label.lastUsedAt === null ? null : Date.parse(label.lastUsedAt);
    const actor = { app, servicePrincipalId, identityId: label.id };
    if (last === null || last >= t0 - 25 * DAY) {
      if (busy.length < 2) busy.push(actor);
    } else if (!dormant && last <= t0 - 90 * DAY) dormant = actor;
  }
  return { busy, dormant };
}

type SignIn = Record<string, unknown>;

class SignInLog {
  private readonly lines: Array<{ at: number; line: SignIn }> = [];

  constructor(
    private readonly rng: Random,
    private readonly t0: number,
  ) {}

  /** BASELINE_DAYS days of 5–8 client-credential sign-ins a day from Azure in the US. */
  routine(a: Actor): void {
    for (const at of routineTimes(this.rng, this.t0, [5, 8])) this.signIn(a, at, this.rng.pick(NET.azureUs));
  }

  signIn(a: Actor, at: number, ip: string): void {
    const secret = a.app.passwordCredentials[0];
    this.lines.push({
      at,
      line: {
        id: this.uuid(),
        createdDateTime: new Date(at).toISOString(),
        appId: a.app.appId,
        appDisplayName: a.app.displayName,
        correlationId: this.uuid(),
        ipAddress: ip,
        isInteractive: false,
        ...this.rng.pick(RESOURCES),
        servicePrincipalId: a.servicePrincipalId,
        servicePrincipalName: a.app.displayName,
        servicePrincipalCredentialKeyId: secret.keyId,
        conditionalAccessStatus: 'notApplied',
        status: { errorCode: 0 },
        riskDetail: 'none',
        riskLevelAggregated: 'none',
        riskLevelDuringSignIn: 'none',
        riskState: 'none',
        userId: '',
        userDisplayName: null,
        userPrincipalName: null,
      },
    });
  }

  private uuid(): string {
    const h = this.rng.hex(32);
    return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-8${h.slice(17, 20)}-${h.slice(20)}`;
  }

  /** Graph lists sign-ins newest first; the file is written oldest first so baselines learn before they judge. */
  sorted(): SignIn[] {
    return this.lines.sort((x, y) => x.at - y.at).map((l) => l.line);
  }
}
