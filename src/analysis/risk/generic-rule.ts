import type {
  CommonCredentialFacts,
  CommonIdentityFacts,
  CommonPermissionFacts,
  Credential,
  Permission,
} from '../../model/index.js';
import type { IdentityView, Store } from '../../store/index.js';
import type { Rule, RuleContext, RuleEvidence, RuleMetadata } from './types.js';

/**
 * What a generic rule may read of an identity: the normalized model plus the common facts (src/model/facts.ts).
 * Platform-specific attributes are hidden, so a generic rule cannot come to depend on one vendor's spelling.
 */
export type CommonFactsView = Omit<IdentityView, 'attributes' | 'credentials' | 'permissions'> & {
  attributes: CommonIdentityFacts;
  credentials: Array<Omit<Credential, 'attributes'> & { attributes: CommonCredentialFacts }>;
  permissions: Array<Omit<Permission, 'attributes'> & { attributes: CommonPermissionFacts }>;
};

export interface GenericRuleDefinition<S> {
  meta: RuleMetadata & { platforms: 'all' };
  evaluate(view: CommonFactsView, ctx: RuleContext, state: S): RuleEvidence;
  prepareFromViews?(views: readonly CommonFactsView[], ctx: RuleContext): S;
  prepareFromStore?(store: Store, ctx: RuleContext): Promise<S>;
}

/**
 * A rule that holds on every platform, reading only a CommonFactsView. Every platform's facts include the common
 * ones and the sink validates them, so each stored view is a CommonFactsView; the definition is the rule itself (no
 * wrapper on the path that evaluates a million identities).
 */
export function genericRule<S = undefined>(definition: GenericRuleDefinition<S>): Rule<S> {
  return definition as unknown as Rule<S>;
}
