import type {
  AccessLevel,
  CredentialType,
  IdentityKind,
  OwnerSource,
  PlatformId,
  Sensitivity,
} from '../../model/index.js';

/**
 * Ground truth written by the generator: what a correct connector must recover and which risks were planted.
 * Tests and benchmarks read expectations from here, never from the generator's internal objects.
 */
export interface CredentialLabel {
  /** Expected Steward credential id. */
  id: string;
  type: CredentialType;
  createdAt: string | null;
  expiresAt: string | null;
  lastUsedAt: string | null;
  enabled: boolean;
}

/** What a correct connector must say about one permission: its normalized tier. */
export interface PermissionLabel {
  nativeName: string;
  access: AccessLevel;
  sensitivity: Sensitivity;
  pathToAdmin: boolean;
}

export interface IdentityLabel {
  /** Expected Steward identity id (platform:tenant:nativeType:nativeId). */
  id: string;
  platform: PlatformId;
  tenant: string;
  kind: IdentityKind;
  name: string;
  createdAt: string | null;
  lastUsedAt: string | null;
  enabled: boolean;
  thirdParty: boolean;
  credentials: CredentialLabel[];
  /** Native permission names the identity holds (sorted, unique). */
  permissions: string[];
  /** Optional: the tier of each permission (sorted by nativeName, unique), for generators that label them. */
  permissionFacts?: PermissionLabel[];
  /**
   * The owner a correct attribution must find, when the vendor data names one explicitly (owner, creator,
   * installer, consenting user, tag). null = nothing attributable. Email of the person (or team name for tags).
   */
  owner: { email: string | null; team: string | null; source: OwnerSource } | null;
  /** Planted risks: ids from src/estate/risk-catalogue.ts. A correct rule pack raises exactly these. */
  risks: string[];
}

export interface PersonLabel {
  email: string;
  name: string;
  login: string;
  status: 'active' | 'departed';
  departedAt: string | null;
  managerEmail: string | null;
  team: string;
}

export interface EdgeLabel {
  from: string;
  to: string;
  kind: string;
}

export interface GroundTruth {
  seed: number;
  now: string;
  people: PersonLabel[];
  identities: IdentityLabel[];
  edges: EdgeLabel[];
}
