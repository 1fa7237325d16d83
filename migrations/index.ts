import { Foundation1763900000000 } from './1763900000000-foundation';
import { PartnerNetwork1763900100000 } from './1763900100000-partner-network';
import { Placement1763900200000 } from './1763900200000-placement';
import { Notifications1763900300000 } from './1763900300000-notifications';
import { Marketplace1763900400000 } from './1763900400000-marketplace';
import { TypeormMetadata1763900500000 } from './1763900500000-typeorm-metadata';
import { EventsJobTitle1763900610000 } from './1763900610000-events-job-title';
import { FrozenTermsBoundaries1764100000000 } from './1764100000000-frozen-terms';
import { FieldWork1764110000000 } from './1764110000000-field-work';
import { PerfTimeOrderedIds1764160000000 } from './1764160000000-perf-time-ordered-ids';
import { PerfOutboxNotify1764160000001 } from './1764160000001-perf-outbox-notify';

/** Every migration, in order. New migrations are appended here (see docs/operations.md). */
export const MIGRATIONS = [
  Foundation1763900000000,
  PartnerNetwork1763900100000,
  Placement1763900200000,
  Notifications1763900300000,
  Marketplace1763900400000,
  TypeormMetadata1763900500000,
  EventsJobTitle1763900610000,
  FrozenTermsBoundaries1764100000000,
  FieldWork1764110000000,
  PerfTimeOrderedIds1764160000000,
  PerfOutboxNotify1764160000001,
];
