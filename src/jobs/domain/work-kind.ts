/**
 * The kinds of work the marketplace offers and a job carries out (DESIGN §5): one type for a
 * listing's kind and its jobs' kind.
 */
export const WORK_KINDS = ['collection', 'repossession', 'transport', 'skip_trace'] as const;
export type WorkKind = (typeof WORK_KINDS)[number];
