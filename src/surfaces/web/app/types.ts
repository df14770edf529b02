/** The shapes of the REST API v1 (docs/api.md) the dashboard reads. Every string in them is vendor data: text. */

export const SEVERITIES = ['critical', 'high', 'medium', 'low', 'info'] as const;
export type Severity = (typeof SEVERITIES)[number];
export type Role = 'viewer' | 'analyst' | 'admin';

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
  total?: number;
}

export interface Me {
  tokenId: string;
  name: string;
  role: Role;
}

export interface PlatformInfo {
  id: string;
  title: string;
  nativeTypes: string[];
}

export interface Owner {
  email: string | null;
  name: string | null;
  login: string | null;
  team: string | null;
  status: string | null;
  source: string | null;
  confidence: number | string | null;
}

export interface Suggestion {
  email?: string | null;
  team?: string | null;
  source?: string | null;
  confidence?: number | string | null;
  evidence?: string[] | string | null;
  reason?: string | null;
}

export interface IdentityRow {
  id: string;
  name: string;
  platform: string;
  tenant: string;
  kind: string;
  nativeType: string;
  owner: Owner | null;
  topSeverity: Severity | null;
  openFindings: number;
  lastUsedAt: string | null;
  createdAt: string | null;
  credentials: number;
  goneAt: string | null;
}

export interface Credential {
  id: string;
  kind: string;
  name: string | null;
  createdAt: string | null;
  expiresAt: string | null;
  lastUsedAt: string | null;
  ageDays: number | null;
}

export interface Permission {
  resource: string;
  action?: string | null;
  access: string;
  sensitivity?: string | null;
  [key: string]: unknown;
}

export interface Edge {
  from: string;
  to: string;
  kind: string;
  toName?: string | null;
  fromName?: string | null;
}

export interface Finding {
  id: string;
  ruleId: string;
  title: string;
  severity: Severity;
  status: string;
  identityId: string;
  identityName: string | null;
  platform: string;
  tenant: string;
  firstSeen: string;
  lastSeen: string;
  message: string;
  evidence: unknown;
  remediation?: string | null;
  suppression: { reason: string; until: string | null; by: string; at: string } | null;
  exposure: number;
}

export interface IdentityDetail {
  identity: IdentityRow & { attributes: Record<string, unknown>; firstSeen: string; lastSeen: string };
  credentials: Credential[];
  permissions: Permission[];
  edges: Edge[];
  owner: (Owner & { evidence: string[] }) | null;
  suggestions: Suggestion[];
  findings: Finding[];
  history: Array<{ runId: string | null; at: string; change: string }>;
}

export interface SourceOutcome {
  id: string;
  outcome: string;
  endpoint: string | null;
  permission: string | null;
  message: string | null;
}

export interface Run {
  id: string;
  platform: string;
  tenant: string;
  status: string;
  startedAt: string;
  finishedAt: string | null;
  counts: Record<string, unknown>;
  sources: SourceOutcome[];
}

export interface FixFirstRow {
  id: string;
  name: string;
  platform: string;
  tenant: string;
  openSeverity: Severity | null;
  openFindings: number;
  exposure: number;
  score: number;
  explanation: string;
  owner: string | null;
}

export interface Summary {
  identities: number;
  current: number;
  gone: number;
  byPlatform: Array<{ platform: string; identities: number; openFindings: number }>;
  openFindingsBySeverity: Record<Severity, number>;
  people: number;
  owned: number;
  unverified: number;
  orphaned: number;
  ownerDeparted: number;
  nhiPerPerson: number | null;
  fixFirst: FixFirstRow[];
  trend: Array<{
    runId: string;
    finishedAt: string;
    platform: string;
    tenant: string;
    identities: number;
    openFindings: number;
  }>;
  lastRuns: Run[];
}

export interface OwnershipRow {
  identity: { id: string; name: string; platform: string; tenant: string };
  owner: Owner | null;
  status: string;
  orphanReason: string | null;
  suggestion: Suggestion | null;
}

export interface PersonRow {
  email: string | null;
  name: string | null;
  status: string;
  team: string | null;
  manager: string | null;
  owned: number;
}

export interface OffboardEntry {
  identityId: string;
  platform: string;
  tenant: string;
  kind: string;
  name: string;
  sources: string[];
  evidence: string[];
  currentOwner: string | null;
  suggestion: Suggestion | null;
}

export interface OffboardReport {
  email: string;
  person: {
    email: string;
    name: string | null;
    status: string;
    team: string | null;
    managerEmail?: string | null;
  } | null;
  owned: OffboardEntry[];
  candidateOnly: OffboardEntry[];
}

export interface Rule {
  id: string;
  title: string;
  severity: Severity;
  platform: string | null;
}

/** One event shown with a detection (GET /detections). */
export interface DetectionEvent {
  id: string;
  time: string;
  operation: string;
  success: boolean;
  sourceIp: string | null;
  asn: number | null;
  country: string | null;
  uaFamily: string | null;
  target: string | null;
  tags: string[];
}

/** A detection from imported activity (GET /detections). */
export interface Detection {
  id: string;
  ruleId: string;
  title: string;
  severity: Severity;
  status: string;
  platform: string;
  tenant: string;
  identityId: string | null;
  identityName: string | null;
  actor: string;
  message: string;
  eventCount: number;
  firstEventAt: string;
  lastEventAt: string;
  detectedAt: string;
  events: DetectionEvent[];
}
