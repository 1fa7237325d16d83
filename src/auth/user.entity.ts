import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';
import { Role } from '../common/tenancy/principal';

@Entity('users')
export class User {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column('uuid')
  orgId: string;

  /** Stored lower-cased; unique across the platform because people log in by e-mail. */
  @Column()
  email: string;

  @Column()
  name: string;

  @Column('text')
  role: Role;

  @Column()
  passwordHash: string;

  @Column('text')
  status: 'active' | 'disabled';

  @Column({ type: 'timestamptz', precision: 3 })
  createdAt: Date;
}
