import { Column, Entity, PrimaryColumn } from 'typeorm';

/**
 * A refresh token (stored hashed). Each use rotates it: the old one is marked used and a new
 * one joins the same family. Presenting a used token again means it leaked, so the whole family
 * is revoked (OAuth 2.0 Security BCP, refresh token rotation).
 */
@Entity('refresh_tokens')
export class RefreshToken {
  @PrimaryColumn('uuid')
  id: string;

  @Column('uuid')
  userId: string;

  @Column('uuid')
  familyId: string;

  @Column()
  secretHash: string;

  @Column({ type: 'timestamptz', precision: 3 })
  createdAt: Date;

  @Column({ type: 'timestamptz', precision: 3 })
  expiresAt: Date;

  @Column({ type: 'timestamptz', precision: 3, nullable: true })
  usedAt: Date | null;

  @Column({ type: 'timestamptz', precision: 3, nullable: true })
  revokedAt: Date | null;
}
