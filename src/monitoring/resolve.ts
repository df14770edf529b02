import type { PlatformId } from '../model/index.js';
import type { Store } from '../store/index.js';
import type { ActivityEvent } from './event.js';

/** An inventory identity an actor resolved to (and the credential it used, when the event names one). */
export interface Resolution {
  identityId: string;
  credentialId: string | null;
  /** The identity's last use as the vendor's inventory reported it (ms), null = never or unknown. */
  vendorLastUsed: number | null;
}

const ms = (iso: string | null) => (iso ? Date.parse(iso) : null);

export interface KeyAttributes {
  identity?: readonly string[];
  credential?: readonly string[];
}

/**
 * The values of the named attributes (lower-cased ids match whatever case a log writes them in; numeric ids as
 * text), each twice: bare, and qualified as `name=value` — a qualified key cannot collide with another identity's
 * native id or a credential's name (a bot's slug with a token named the same), so parsers whose keys are short
 * names use that form.
 */
function attributeKeys(json: string | undefined, names: readonly string[] | undefined): string[] {
  if (!json || !names?.length) return [];
  const attributes = JSON.parse(json) as Record<string, unknown>;
  return names.flatMap((n) => {
    const v = attributes[n];
    const text = typeof v === 'string' && v ? v.toLowerCase() : typeof v === 'number' ? String(v) : null;
    return text === null ? [] : [text, `${n}=${text}`];
  });
}

/**
 * Actor → inventory: an event's actor keys (most specific first: a credential id such as an access key id, then the
 * principal's native id) against the platform's credentials (by name, which is the vendor's key id) and identities
 * (by native id). Loaded once per import; unresolved actors stay unresolved (and are counted), never guessed.
 */
export class ActorResolver {
  private constructor(
    private readonly credentials: Map<string, Resolution>,
    private readonly identities: Map<string, Resolution>,
  ) {}

  static async load(store: Store, platform: PlatformId, keyAttributes: KeyAttributes = {}): Promise<ActorResolver> {
    const identities = new Map<string, Resolution>();
    const byId = new Map<string, Resolution>();
    const idRows = await store.db
      .selectFrom('identities')
      .select(['id', 'native_id', 'last_used_at'])
      // Attributes (large) only when the platform declares some of them as keys.
      .$if(Boolean(keyAttributes.identity?.length), (q) => q.select('attributes'))
      .where('platform', '=', platform)
      .execute();
    for (const row of idRows) {
      const resolution = { identityId: row.id, credentialId: null, vendorLastUsed: ms(row.last_used_at) };
      identities.set(row.native_id, resolution);
      for (const key of attributeKeys(row.attributes, keyAttributes.identity)) identities.set(key, resolution);
      byId.set(row.id, resolution);
    }
    const credentials = new Map<string, Resolution>();
    const credRows = await store.db
      .selectFrom('credentials')
      .select(['id', 'identity_id', 'name', 'last_used_at'])
      .$if(Boolean(keyAttributes.credential?.length), (q) => q.select('attributes'))
      .where('platform', '=', platform)
      .execute();
    for (const row of credRows) {
      const owner = byId.get(row.identity_id);
      const resolution = {
        identityId: row.identity_id,
        credentialId: row.id,
        vendorLastUsed: ms(row.last_used_at) ?? owner?.vendorLastUsed ?? null,
      };
      if (row.name) credentials.set(row.name, resolution);
      for (const key of attributeKeys(row.attributes, keyAttributes.credential)) credentials.set(key, resolution);
    }
    return new ActorResolver(credentials, identities);
  }

  static empty(): ActorResolver {
    return new ActorResolver(new Map(), new Map());
  }

  resolve(event: ActivityEvent): Resolution | null {
    const keys = event.actor.keys;
    for (let i = 0; i < keys.length; i++) {
      const hit = this.credentials.get(keys[i]) ?? this.identities.get(keys[i]);
      if (hit) return hit;
    }
    return null;
  }

  /** The inventory identity an event's target is (identities first: a target is an object, not a key it holds). */
  resolveTarget(event: ActivityEvent): string | null {
    const keys = event.targetKeys;
    for (let i = 0; i < keys.length; i++) {
      const hit = this.identities.get(keys[i]) ?? this.credentials.get(keys[i]);
      if (hit) return hit.identityId;
    }
    return null;
  }
}
