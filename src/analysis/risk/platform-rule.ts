import type { z } from 'zod';
import type { Credential, NativeTypeFacts, Permission, PlatformFacts } from '../../model/index.js';
import type { IdentityView, Store } from '../../store/index.js';
import type { Rule, RuleContext, RuleEvidence, RuleMetadata } from './types.js';

/** An identity view whose attributes (and its credentials' and permissions') carry one nativeType's typed facts. */
export type FactsView<F extends NativeTypeFacts, T extends string> = Omit<
  IdentityView,
  'nativeType' | 'attributes' | 'credentials' | 'permissions'
> & {
  nativeType: T;
  attributes: z.output<F['identity']>;
  credentials: Array<Omit<Credential, 'attributes'> & { attributes: z.output<F['credential']> }>;
  permissions: Array<Omit<Permission, 'attributes'> & { attributes: z.output<F['permission']> }>;
};

/** The view a platform rule receives: a union over the nativeTypes it declares, discriminated by `nativeType`. */
export type ViewOf<P extends PlatformFacts, T extends keyof P & string> = T extends unknown
  ? FactsView<P[T], T>
  : never;

export interface PlatformRuleDefinition<P extends PlatformFacts, T extends keyof P & string, S> {
  meta: RuleMetadata;
  /** The nativeTypes the rule reads; identities of other types are never passed to `evaluate`. */
  nativeTypes: readonly T[];
  evaluate(view: ViewOf<P, T>, ctx: RuleContext, state: S): RuleEvidence;
  prepareFromViews?(views: readonly IdentityView[], ctx: RuleContext): S;
  prepareFromStore?(store: Store, ctx: RuleContext): Promise<S>;
}

/**
 * A rule of one platform, typed by that platform's facts: `evaluate` sees only identities of `nativeTypes`, and
 * reading an attribute the facts do not declare is a compile error. Facts are validated at the sink, so the
 * narrowing below holds for every stored identity.
 */
export function platformRule<P extends PlatformFacts, T extends keyof P & string, S = undefined>(
  _facts: P,
  definition: PlatformRuleDefinition<P, T, S>,
): Rule<S> {
  const types = new Set<string>(definition.nativeTypes);
  const { evaluate, ...rest } = definition;
  return {
    ...rest,
    evaluate(view, ctx, state) {
      if (!types.has(view.nativeType)) return null;
      return evaluate(view as unknown as ViewOf<P, T>, ctx, state);
    },
  };
}
