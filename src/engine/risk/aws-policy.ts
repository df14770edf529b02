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

const asList = (v: unknown): string[] => (v === undefined || v === null ? [] : Array.isArray(v) ? v.map(String) : [String(v)]);

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

export const TRUST_POLICY_ATTRIBUTES = ['trustPolicy', 'assumeRolePolicyDocument', 'AssumeRolePolicyDocument', 'assumeRolePolicy'];

export function trustStatements(attributes: Record<string, unknown>): TrustStatement[] | null {
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
    for (const op of Object.values(condition)) if (op && typeof op === 'object') for (const k of Object.keys(op)) conditionKeys.push(k.toLowerCase());
    return {
      effect: String(st.Effect ?? 'Allow'),
      principals: { aws: [...asList(p.AWS), ...star], federated: asList(p.Federated), service: asList(p.Service) },
      conditionKeys,
    };
  });
}

/** The 12-digit account of an AWS principal ("123456789012", "arn:aws:iam::123456789012:root", "*" -> "*"). */
export function principalAccount(principal: string): string | null {
  if (principal === '*') return '*';
  if (/^\d{12}$/.test(principal)) return principal;
  const m = /^arn:aws[a-z-]*:(?:iam|sts)::(\d{12}):/.exec(principal);
  return m ? m[1] : null;
}

/** The account that holds an identity: attributes.accountId, else its ARN, else a 12-digit tenant. */
export function ownAccount(i: { tenant: string; nativeId: string; attributes: Record<string, unknown> }): string | null {
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
