import { ev, inventorySource } from '../../../analysis/risk/helpers.js';
import type { Evidence } from '../../../model/index.js';

interface AlertFacts {
  nativeType: string;
  platform: string;
  attributes: {
    leakedIn: string;
    alertNumber: number;
    state: 'open' | 'resolved';
    secretType: string;
    validity: 'active' | 'inactive' | 'unknown';
    belongsToNativeTypes: string[];
  };
}

/** The evidence both leaked-secret rules give: what leaked where, how GitHub graded it, which NHI kind to revoke. */
export function leakEvidence(v: AlertFacts): Evidence[] {
  const source = `secret scanning alert ${v.attributes.leakedIn}#${v.attributes.alertNumber} per ${inventorySource(v as never)}`;
  const out = [
    ev('attributes.secretType', v.attributes.secretType, source),
    ev('attributes.validity', v.attributes.validity, `${source} (GitHub's latest validity check)`),
  ];
  if (v.attributes.belongsToNativeTypes.length > 0)
    out.push(
      ev(
        'attributes.belongsToNativeTypes',
        v.attributes.belongsToNativeTypes.join(','),
        'a GitHub credential: revoke the NHI of these types that holds it',
      ),
    );
  return out;
}
