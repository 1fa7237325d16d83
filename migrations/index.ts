import { Foundation1763900000000 } from './1763900000000-foundation';
import { PartnerNetwork1763900100000 } from './1763900100000-partner-network';
import { Placement1763900200000 } from './1763900200000-placement';
import { Notifications1763900300000 } from './1763900300000-notifications';
import { Marketplace1763900400000 } from './1763900400000-marketplace';
import { TypeormMetadata1763900500000 } from './1763900500000-typeorm-metadata';
import { EventsJobTitle1763900610000 } from './1763900610000-events-job-title';
import { FrozenTermsBoundaries1764100000000 } from './1764100000000-frozen-terms';
import { FieldWork1764110000000 } from './1764110000000-field-work';
import { RepossessionDuties1764120000000 } from './1764120000000-repossession-duties';
import { JobAuthorisations1764120100000 } from './1764120100000-job-authorisations';
import { JobEvidence1764120200000 } from './1764120200000-job-evidence';
import { Ledger1764130000000 } from './1764130000000-ledger';
import { Payments1764130100000 } from './1764130100000-payments';
import { Statements1764130200000 } from './1764130200000-statements';
import { StripePayouts1764140000000 } from './1764140000000-stripe-payouts';
import { ComplianceRules1764150000000 } from './1764150000000-compliance-rules';
import { ContactHistory1764150100000 } from './1764150100000-contact-history';
import { Complaints1764150200000 } from './1764150200000-complaints';
import { PartnerScorecards1764190000000 } from './1764190000000-partner-scorecards';

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
  RepossessionDuties1764120000000,
  JobAuthorisations1764120100000,
  JobEvidence1764120200000,
  Ledger1764130000000,
  Payments1764130100000,
  Statements1764130200000,
  StripePayouts1764140000000,
  ComplianceRules1764150000000,
  ContactHistory1764150100000,
  Complaints1764150200000,
  PartnerScorecards1764190000000,
];
