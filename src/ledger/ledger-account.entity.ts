import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';
import type { AccountPurpose } from './domain/account-purpose';

/** One account per (org, purpose, currency); `orgId` null is the platform's own (DESIGN §8). */
@Entity('ledger_accounts')
export class LedgerAccount {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column('uuid', { nullable: true })
  orgId: string | null;

  @Column('text')
  purpose: AccountPurpose;

  @Column('char', { length: 3 })
  currency: string;

  @Column({ type: 'timestamptz', precision: 3 })
  createdAt: Date;
}
