import { Column, Entity, PrimaryColumn } from 'typeorm';
import { bigintTransformer } from '../common/money';
import type { PromiseStatus } from './domain/promise-to-pay';

/** A borrower's promise to pay as the partner reported it (DESIGN §6), tracked until kept or broken. */
@Entity('promises_to_pay')
export class PromiseToPay {
  @PrimaryColumn('uuid')
  id: string;

  @Column('uuid')
  jobId: string;

  @Column('uuid', { nullable: true })
  caseId: string | null;

  /** The `promise_to_pay` progress event it came in. */
  @Column('uuid')
  eventId: string;

  @Column('uuid')
  lenderOrgId: string;

  @Column('uuid')
  partnerOrgId: string;

  @Column('bigint', { transformer: bigintTransformer })
  amount: number;

  @Column('char', { length: 3 })
  currency: string;

  @Column('date')
  promisedFor: string;

  @Column('int')
  graceDays: number;

  @Column({ type: 'timestamptz', precision: 3 })
  dueAt: Date;

  @Column('text')
  status: PromiseStatus;

  /** Payments reported on the job and case since the promise, in its currency. */
  @Column('bigint', { transformer: bigintTransformer })
  paidAmount: number;

  @Column({ type: 'timestamptz', precision: 3, nullable: true })
  decidedAt: Date | null;

  @Column({ type: 'timestamptz', precision: 3 })
  createdAt: Date;
}
