import type { Credential, Permission } from '../../../model/index.js';

/** The basic roles that hold nearly every permission of a project (Google's own advice: never grant them to a workload). */
export const BASIC_BROAD_ROLES: ReadonlySet<string> = new Set(['roles/owner', 'roles/editor']);

/** A binding's condition, for evidence: a conditional grant is still a grant, but the reader should see the condition. */
export function conditionNote(p: Permission): string {
  const title = p.attributes.conditionTitle;
  const expression = p.attributes.conditionExpression;
  if (typeof expression !== 'string') return '';
  return ` (condition ${typeof title === 'string' ? `"${title}": ` : ''}${expression})`;
}

/** `keys[<id>]`: how the Google rules name a service-account key in evidence. */
export const keyLabel = (c: Credential): string => `credentials[${c.id}]`;
