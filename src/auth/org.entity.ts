import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';
import { OrgKind } from '../common/tenancy/principal';

/** An organisation: a lender, an agency, a tow operator, a buyer or the platform itself (DESIGN §1). */
@Entity('orgs')
export class Org {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column()
  name: string;

  @Column('text')
  kind: OrgKind;

  /** Home region, ISO 3166-2 style (`US-TX`) or a country (`US`). */
  @Column()
  region: string;

  @Column({ type: 'timestamptz', precision: 3 })
  createdAt: Date;
}
