import { randomBytes } from 'node:crypto';
import { SCANNER_USER } from './refusals.js';

/** An emulator login: the access key the scanner signs with, and the account it opens. */
export interface AwsEmulatorCredential {
  accountId: string;
  accessKeyId: string;
  secretAccessKey: string;
}

/** Who signed a request: the account every call answers for, and the principal STS names. */
export interface Caller {
  accountId: string;
  /** arn:aws:iam::<id>:user/steward-scanner, or arn:aws:sts::<id>:assumed-role/<role>/<session>. */
  arn: string;
  /** A session's role ARN (AssumeRole); null for the long-term key. */
  roleArn: string | null;
  sessionName: string | null;
}

interface Session extends Caller {
  secretAccessKey: string;
  sessionToken: string;
  expiresAt: number;
}

const KEY_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
/** An access key id: AKIA (long-term) or ASIA (temporary) and 16 characters, as IAM and STS issue them. */
export function accessKeyId(prefix: 'AKIA' | 'ASIA' = 'AKIA'): string {
  let s = prefix;
  for (const b of randomBytes(16)) s += KEY_ALPHABET[b % 32];
  return s;
}

/**
 * The emulator's keys: each account's long-term key (the scanner user's) and the session credentials STS AssumeRole
 * issued, which open the role's account until they expire. Secrets live in memory only.
 */
export class Keyring {
  private readonly longTerm: Map<string, AwsEmulatorCredential>;
  private readonly sessions = new Map<string, Session>();

  constructor(credentials: readonly AwsEmulatorCredential[]) {
    this.longTerm = new Map(credentials.map((c) => [c.accessKeyId, c]));
  }

  /** The secret a request's signature is checked with (expired sessions included: expiry is told apart later). */
  secretOf = (id: string): string | undefined =>
    this.longTerm.get(id)?.secretAccessKey ?? this.sessions.get(id)?.secretAccessKey;

  callerOf(id: string): Caller | undefined {
    const key = this.longTerm.get(id);
    if (key)
      return {
        accountId: key.accountId,
        arn: `arn:aws:iam::${key.accountId}:user/${SCANNER_USER}`,
        roleArn: null,
        sessionName: null,
      };
    const session = this.sessions.get(id);
    return session && { ...session };
  }

  /**
   * Why a session key may not be used: its token missing or wrong (STS' InvalidClientTokenId) or the session over
   * (ExpiredToken); null for a long-term key or a valid session.
   */
  sessionProblem(id: string, token: string | undefined, now = Date.now()): 'invalid' | 'expired' | null {
    const session = this.sessions.get(id);
    if (!session) return null;
    if (token !== session.sessionToken) return 'invalid';
    return session.expiresAt <= now ? 'expired' : null;
  }

  /** New session credentials for `roleArn` in `accountId`. */
  issue(accountId: string, roleArn: string, sessionName: string, seconds: number, now = Date.now()) {
    const id = accessKeyId('ASIA');
    const roleName = roleArn.split('/').pop();
    const session: Session = {
      accountId,
      arn: `arn:aws:sts::${accountId}:assumed-role/${roleName}/${sessionName}`,
      roleArn,
      sessionName,
      secretAccessKey: randomBytes(30).toString('base64'),
      sessionToken: randomBytes(96).toString('base64'),
      expiresAt: now + seconds * 1000,
    };
    this.sessions.set(id, session);
    return { accessKeyId: id, ...session };
  }
}
