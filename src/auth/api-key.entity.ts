import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';
import { Role } from '../common/tenancy/principal';

/** A machine client's key (e.g. a lender's loan system). Only its SHA-256 is stored. */
@Entity('api_keys')
export class ApiKey {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column('uuid')
  orgId: string;

  @Column()
  name: string;

  /** The first characters of the key, shown so people can tell their keys apart. */
  @Column()
  prefix: string;

  @Column()
  keyHash: string;

  @Column('text')
  role: Role;

  @Column('uuid', { nullable: true })
  createdByUserId: string | null;

  @Column({ type: 'timestamptz', precision: 3 })
  createdAt: Date;

  @Column({ type: 'timestamptz', precision: 3, nullable: true })
  lastUsedAt: Date | null;

  @Column({ type: 'timestamptz', precision: 3, nullable: true })
  revokedAt: Date | null;
}
