import { EntityManager } from 'typeorm';
import { AuctionLot } from './auction-lot.entity';
import { ROW_LOCK } from '../common/database/row-lock';

const lotRow = (m: EntityManager, lotId: string) => m.getRepository(AuctionLot).createQueryBuilder('l').where('l.id = :lotId', { lotId }).setLock(ROW_LOCK);

/**
 * Locks a lot's row: every change of a lot — opening, bids, close, payment, default, offers,
 * release — is decided under it. Where an invoice is involved too, the invoice is locked first.
 */
export function lockLot(m: EntityManager, lotId: string): Promise<AuctionLot | null> {
  return lotRow(m, lotId).getOne();
}

/** `lockLot` of a lot that must exist (it is referenced by the row already locked). */
export function lockLotOrFail(m: EntityManager, lotId: string): Promise<AuctionLot> {
  return lotRow(m, lotId).getOneOrFail();
}
