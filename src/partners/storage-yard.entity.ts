import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';
import { bigintTransformer } from '../common/money';

export interface YardAddress {
  line1: string;
  line2?: string;
  city: string;
  region: string;
  postal_code?: string;
}

/** Where a tow operator keeps recovered vehicles (DESIGN §3), with its daily storage rate. */
@Entity('storage_yards')
export class StorageYard {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column('uuid')
  orgId: string;

  @Column()
  name: string;

  @Column('jsonb')
  address: YardAddress;

  /** Vehicles the yard can hold. */
  @Column('int')
  capacity: number;

  @Column({ type: 'bigint', transformer: bigintTransformer })
  dailyRateAmount: number;

  @Column('char', { length: 3 })
  dailyRateCurrency: string;

  @Column({ type: 'timestamptz', precision: 3 })
  createdAt: Date;

  @Column({ type: 'timestamptz', precision: 3 })
  updatedAt: Date;
}
