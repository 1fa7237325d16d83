import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';
import { bigintTransformer } from '../common/money';
import type { EntrySide } from './domain/account-purpose';

/** One side of a transaction on one account; immutable (database trigger). */
@Entity('ledger_entries')
export class LedgerEntry {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column('uuid')
  transactionId: string;

  @Column('uuid')
  accountId: string;

  @Column('int')
  line: number;

  @Column('text')
  side: EntrySide;

  @Column('bigint', { transformer: bigintTransformer })
  amount: number;

  @Column('char', { length: 3 })
  currency: string;

  @Column('text', { nullable: true })
  memo: string | null;

  @Column({ type: 'timestamptz', precision: 3 })
  createdAt: Date;
}
