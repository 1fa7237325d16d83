import { Injectable } from '@nestjs/common';
import { EMPTY_SCORECARD } from './partners.presenter';

/** The directory's summary of a partner's record (DESIGN §10), as `EMPTY_SCORECARD` has it. */
export type ScorecardSummary = { readonly [K in keyof typeof EMPTY_SCORECARD]: number | null };

export interface ScorecardSummarySource {
  summaries(partnerOrgIds: readonly string[]): Promise<Map<string, ScorecardSummary>>;
}

/**
 * Where the partner directory reads scorecards from. Analytics keeps them and plugs its reader in at
 * boot (analytics imports partners, so partners cannot import analytics back); without it the
 * directory answers the empty scorecard.
 */
@Injectable()
export class PartnerScorecards {
  private source: ScorecardSummarySource | null = null;

  provide(source: ScorecardSummarySource): void {
    this.source = source;
  }

  async of(partnerOrgIds: readonly string[]): Promise<Map<string, ScorecardSummary>> {
    return this.source && partnerOrgIds.length > 0 ? this.source.summaries(partnerOrgIds) : new Map();
  }
}
