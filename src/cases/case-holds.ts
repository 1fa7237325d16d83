import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';

/** What stops work on a case (DESIGN §6): a hold flag set, or the case resolved or written off by its lender. */
export type CaseHoldCause = { readonly kind: 'flag'; readonly flag: 'bankruptcy' | 'legal_hold' } | { readonly kind: 'case_closed'; readonly status: 'resolved' | 'written_off' };

export interface CaseHold {
  readonly caseId: string;
  readonly lenderOrgId: string;
  readonly cause: CaseHoldCause;
  readonly reason: string;
}

export type CaseHoldHandler = (manager: EntityManager, hold: CaseHold) => Promise<void>;

/**
 * DESIGN §6 "holds reach every vendor at once": the open jobs on a case stop in the transaction
 * that flags or closes it. Cases cannot depend on jobs (jobs moves cases), so the jobs module
 * registers its handler here, as the marketplace does for ended offers.
 */
@Injectable()
export class CaseHolds {
  private handler: CaseHoldHandler | null = null;

  onHold(handler: CaseHoldHandler): void {
    if (this.handler) throw new Error('a case-hold handler is already registered');
    this.handler = handler;
  }

  async hold(manager: EntityManager, hold: CaseHold): Promise<void> {
    if (!this.handler) throw new Error('no case-hold handler registered (is JobsModule imported?)');
    await this.handler(manager, hold);
  }
}
