import { ValueTransformer } from 'typeorm';
import { FrozenTerms, parseFrozenTerms } from '../marketplace/domain/frozen-terms';

/** The one way frozen terms enter and leave the `jobs.frozen_terms` jsonb column: checked on the way out. */
export const frozenTermsTransformer: ValueTransformer = {
  to: (terms: FrozenTerms | undefined) => terms,
  from: (stored: unknown) => (stored === null || stored === undefined ? stored : parseFrozenTerms(stored)),
};
