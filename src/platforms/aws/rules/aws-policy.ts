/**
 * Reads AWS IAM role trust policies as connectors store them (object, JSON text, or the URL-encoded JSON that
 * ListRoles/GetRole return). Pure functions over normalized attributes; no AWS SDK types.
 */
export interface TrustStatement {
  effect: string;
  principals: { aws: string[]; federated: string[]; service: string[] };
  /** Condition keys (lower-cased), across every operator: e.g. "token.actions.githubusercontent.com:sub". */
  conditionKeys: string[];
}

const asList = (v: unknown): string[] =>
  v === undefined || v === null ? [] : Array.isArray(v) ? v.map(String) : [String(v)];

function parseDocument(raw: unknown): Record<string, unknown> | null {
  if (raw && typeof raw === 'object') return raw as Record<string, unknown>;
  if (typeof raw !== 'string' || raw === '') return null;
  for (const text of [raw, safeDecode(raw)]) {
    try {
      const doc = JSON.parse(text) as unknown;
      if (doc && typeof doc === 'object') return doc as Record<string, unknown>;
    } catch {
      // try the next spelling
    }
  }
  return null;
}

function safeDecode(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}

export const TRUST_POLICY_ATTRIBUTES = [
  'trustPolicy',
  'trust',
  'assumeRolePolicyDocument',
  'AssumeRolePolicyDocument',
  'assumeRolePolicy',
];

interface ParsedStatement {
  effect?: string;
  principals?: Array<{ type: string; value: string }>;
  notPrincipal?: boolean;
  conditions?: Array<{ key: string }>;
}

/** The connector's already-parsed form: attributes.trust = [{ effect, principals[{type,value}], conditions[{key}] }]. */
function fromParsed(list: ParsedStatement[]): TrustStatement[] {
  return list.map((s) => {
    const of = (type: string) =>
      s.notPrincipal ? [] : (s.principals ?? []).filter((p) => p.type === type).map((p) => String(p.value));
    return {
      effect: s.effect ?? 'Allow',
      principals: { aws: [...of('AWS'), ...of('*')], federated: of('Federated'), service: of('Service') },
      conditionKeys: (s.conditions ?? []).map((c) => String(c.key).toLowerCase()),
    };
  });
}

export function trustStatements(attributes: Record<string, unknown>): TrustStatement[] | null {
  if (Array.isArray(attributes.trust)) return fromParsed(attributes.trust as ParsedStatement[]);
  let raw: unknown;
  for (const k of TRUST_POLICY_ATTRIBUTES) if (attributes[k] !== undefined) raw = attributes[k];
  const doc = parseDocument(raw);
  if (!doc) return null;
  const statements = Array.isArray(doc.Statement) ? doc.Statement : doc.Statement ? [doc.Statement] : [];
  return statements.map((s: unknown) => {
    const st = (s ?? {}) as Record<string, unknown>;
    const principal = st.Principal;
    const p = principal && typeof principal === 'object' ? (principal as Record<string, unknown>) : {};
    const star = principal === '*' ? ['*'] : [];
    const condition = (st.Condition && typeof st.Condition === 'object' ? st.Condition : {}) as Record<string, unknown>;
    const conditionKeys: string[] = [];
    for (const op of Object.values(condition))
      if (op && typeof op === 'object') for (const k of Object.keys(op)) conditionKeys.push(k.toLowerCase());
    return {
      effect: String(st.Effect ?? 'Allow'),
      principals: { aws: [...asList(p.AWS), ...star], federated: asList(p.Federated), service: asList(p.Service) },
      conditionKeys,
    };
  });
}

/** The 12-digit account of an AWS principal ("123456789012", "arn:aws:iam::123456789012:root"); null for "*" or a service. */
export function principalAccount(principal: string): string | null {
  if (/^\d{12}$/.test(principal)) return principal;
  const m = /^arn:aws[a-z-]*:(?:iam|sts)::(\d{12}):/.exec(principal);
  return m ? m[1] : null;
}

/** The account that holds an identity: attributes.accountId, else its ARN, else a 12-digit tenant. */
export function ownAccount(i: {
  tenant: string;
  nativeId: string;
  attributes: Record<string, unknown>;
}): string | null {
  const a = i.attributes;
  for (const v of [a.accountId, a.account_id, a.AccountId]) if (typeof v === 'string' && /^\d{12}$/.test(v)) return v;
  for (const v of [a.arn, a.Arn, i.nativeId]) {
    if (typeof v === 'string') {
      const m = /^arn:aws[a-z-]*:iam::(\d{12}):/.exec(v);
      if (m) return m[1];
    }
  }
  return /^\d{12}$/.test(i.tenant) ? i.tenant : null;
}
