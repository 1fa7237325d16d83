import type { MessageEvent } from '@nestjs/common';
import type { Money } from '../common/money';
import type { LotStatus } from './domain/lot-status';

/** `bid`: an accepted bid (price, count, leader, end); `status`: the lot opened, closed or was cancelled; `snapshot`: the state on connecting. */
export type StreamEventKind = 'bid' | 'status';

/** A lot's public state in a stream event, as stored (the leader by their anonymous bidder number only). */
export interface LotStreamState {
  readonly lot_id: string;
  readonly status: LotStatus;
  readonly current_price: Money | null;
  readonly bid_count: number;
  readonly leader: { readonly bidder: number } | null;
  readonly ends_at: string;
  readonly reserve_met: boolean;
  readonly buy_now_available: boolean;
}

/** A stream event as published between processes; `leaderOrgId` never leaves the server. */
export interface StreamedLotEvent {
  readonly lotId: string;
  readonly seq: number;
  readonly kind: StreamEventKind | 'snapshot';
  readonly leaderOrgId: string | null;
  readonly data: LotStreamState;
}

/** The event as one reader sees it: their own lead marked `you: true`. */
export function viewStreamEvent(e: StreamedLotEvent, readerOrgId: string): MessageEvent {
  const leader = e.data.leader ? { bidder: e.data.leader.bidder, you: e.leaderOrgId === readerOrgId } : null;
  return { id: String(e.seq), type: e.kind, data: { ...e.data, seq: e.seq, leader } };
}
