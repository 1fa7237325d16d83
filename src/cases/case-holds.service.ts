import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import type { CaseHold } from './domain/case-hold';

export type { CaseHold, CaseHoldCause } from './domain/case-hold';

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
