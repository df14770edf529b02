import type { AnalysisCatalogue } from '../analysis/analysis.js';
import { PeopleSourcePolicy } from '../analysis/ownership/people.js';
import { RISK_CATALOGUE, type RiskDefinition } from '../analysis/risk/catalogue.js';
import { GENERIC_RULES } from '../analysis/risk/rules/index.js';
import type { Rule } from '../analysis/risk/types.js';
import { declaredAttributeNames, type PlatformId } from '../model/index.js';
import type { RemediationAction } from '../remediation/action.js';
import type { AnyConnector } from '../sync/connector.js';
import { aws } from './aws/index.js';
import { entra } from './entra/index.js';
import { github } from './github/index.js';
import { google } from './google/index.js';
import { okta } from './okta/index.js';
import { salesforce } from './salesforce/index.js';
import { slack } from './slack/index.js';
import type { Platform, PlatformEmulation } from './platform.js';

/**
 * Every platform, one line each: adding a platform is its folder (src/platforms/<id>/) plus one entry here.
 * The order is the estate generation order: AWS comes after GitHub because its OIDC trusts name GitHub repositories.
 */
export const PLATFORMS: readonly Platform[] = [github, entra, aws, okta, slack, salesforce, google];

export function platformFor(id: string): Platform | undefined {
  return PLATFORMS.find((p) => p.id === id);
}

export function connectorFor(id: PlatformId): AnyConnector | undefined {
  return platformFor(id)?.connector;
}

/** The built-in rule pack: the generic rules, then each platform's. */
export const BUILTIN_RULES: Rule[] = [...GENERIC_RULES, ...PLATFORMS.flatMap((p) => p.rules)];

/** Every built-in risk definition (ids = BUILTIN_RULES ids). */
export const BUILTIN_RISKS: readonly RiskDefinition[] = [...RISK_CATALOGUE, ...PLATFORMS.flatMap((p) => p.risks)];

export const PEOPLE_SOURCES = new PeopleSourcePolicy(
  PLATFORMS.flatMap((p) => (p.people ? [[p.id, p.people] as const] : [])),
);

/** Attribute names each platform's connector declares, by platform id (custom rules are checked against them). */
export const DECLARED_ATTRIBUTES = new Map(PLATFORMS.map((p) => [p.id, declaredAttributeNames(p.connector.facts)]));

/** Every platform's remediation actions, by id (the surfaces hand them to src/remediation). */
export const REMEDIATION_ACTIONS: ReadonlyMap<string, RemediationAction> = new Map(
  PLATFORMS.flatMap((p) => p.actions ?? []).map((a) => [a.id, a]),
);

/** What the analysis steps need to know of the platforms. */
export const ANALYSIS_CATALOGUE: AnalysisCatalogue = {
  builtinRules: BUILTIN_RULES,
  peopleSources: PEOPLE_SOURCES,
  declaredAttributes: DECLARED_ATTRIBUTES,
};

/** Every activity log format a platform reads (`steward events import --format`), with its platform. */
export const ACTIVITY_FORMATS = PLATFORMS.flatMap((p) =>
  p.activity ? p.activity.formats.map((format) => ({ format, platform: p.id, activity: p.activity! })) : [],
);

/** Emulators and estate generators of the chosen platforms, in registry order (demo, emulate, tests, benchmark). */
export async function loadEmulations(
  ids?: readonly string[],
): Promise<Array<PlatformEmulation & { platform: Platform }>> {
  const chosen = PLATFORMS.filter((p) => !ids || ids.includes(p.id));
  return Promise.all(chosen.map(async (platform) => ({ platform, ...(await platform.emulation()) })));
}
