import { valueAt } from './soql.js';

/** Relationship name → the sObject type it points to (for the nested record's `attributes.type`). */
const RELATIONSHIP_TYPES: Readonly<Record<string, string>> = {
  Profile: 'Profile',
  UserLicense: 'UserLicense',
  PermissionSet: 'PermissionSet',
  Manager: 'User',
  Assignee: 'User',
  CreatedBy: 'User',
};

/** Puts `value` at a dotted path of `out`, nested records getting their `attributes`; a null parent stays null. */
function put(out: Record<string, unknown>, record: Record<string, unknown>, path: string): void {
  const keys = path.split('.');
  let target = out;
  for (let i = 0; i < keys.length - 1; i++) {
    const parent = valueAt(record, keys.slice(0, i + 1).join('.'));
    if (parent === null || parent === undefined) {
      target[keys[i]] = null;
      return;
    }
    const existing = target[keys[i]];
    if (!existing || typeof existing !== 'object')
      target[keys[i]] = { attributes: { type: RELATIONSHIP_TYPES[keys[i]] ?? keys[i] } };
    target = target[keys[i]] as Record<string, unknown>;
  }
  const value = valueAt(record, path);
  target[keys[keys.length - 1]] = value === undefined ? null : value;
}

/** One record as a SOQL answer carries it: `attributes` then the selected fields only, in the order asked. */
export function renderRecord(
  record: Record<string, unknown>,
  object: string,
  fields: readonly string[],
  version: string,
): Record<string, unknown> {
  const id = record.Id;
  const out: Record<string, unknown> = {
    attributes: id ? { type: object, url: `/services/data/${version}/sobjects/${object}/${id}` } : { type: object },
  };
  for (const field of fields) put(out, record, field);
  return out;
}
