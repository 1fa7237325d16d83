import { Foundation1763900000000 } from './1763900000000-foundation';
import { PartnerNetwork1763900100000 } from './1763900100000-partner-network';
import { Placement1763900200000 } from './1763900200000-placement';
import { Notifications1763900300000 } from './1763900300000-notifications';
import { Marketplace1763900400000 } from './1763900400000-marketplace';
import { TypeormMetadata1763900500000 } from './1763900500000-typeorm-metadata';
import { EventsJobTitle1763900610000 } from './1763900610000-events-job-title';
import { FrozenTermsBoundaries1764100000000 } from './1764100000000-frozen-terms';
import { FieldWork1764110000000 } from './1764110000000-field-work';
import { JobSla1764110100000 } from './1764110100000-job-sla';
import { HoldEscalation1764110200000 } from './1764110200000-hold-escalation';
import { PromisesToPay1764110300000 } from './1764110300000-promises-to-pay';
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
import { PerfTimeOrderedIds1764160000000 } from './1764160000000-perf-time-ordered-ids';
import { PerfOutboxNotify1764160000001 } from './1764160000001-perf-outbox-notify';
import { AuctionLots1764170000000 } from './1764170000000-auction-lots';
import { AuctionDeposits1764170100000 } from './1764170100000-auction-deposits';
import { AuctionInvoices1764170200000 } from './1764170200000-auction-invoices';
import { Settlements1764180000000 } from './1764180000000-settlements';
import { PartnerScorecards1764190000000 } from './1764190000000-partner-scorecards';
import { AuctionPaymentsReleases1764200000000 } from './1764200000000-auction-payments-releases';
import { AuctionSellerFees1764200100000 } from './1764200100000-auction-seller-fees';
import { AuctionDefaults1764210000000 } from './1764210000000-auction-defaults';
import { AuctionStream1764220000000 } from './1764220000000-auction-stream';
import { SaleNotices1764220100000 } from './1764220100000-sale-notices';
import { Redemptions1764220200000 } from './1764220200000-redemptions';
import { SettlementInputs1764230000000 } from './1764230000000-settlement-inputs';
import { ScorecardRecordedBreaches1764240000000 } from './1764240000000-scorecard-recorded-breaches';
import { LenderPortfolio1764240100000 } from './1764240100000-lender-portfolio';
import { QueueDashboardTickets1764250000000 } from './1764250000000-queue-dashboard-tickets';
import { StandingDeposits1764300000000 } from './1764300000000-standing-deposits';
import { AuctionCreditLines1764300100000 } from './1764300100000-auction-credit-lines';
import { AuctionLotConditionReport1764310000000 } from './1764310000000-auction-lot-condition-report';
import { SettlementLegalExpenses1764320000000 } from './1764320000000-settlement-legal-expenses';
import { PortfolioAuctionLots1764330000000 } from './1764330000000-portfolio-auction-lots';
import { PortfolioSurplusPaidDeficiencyPlaced1764330100000 } from './1764330100000-portfolio-surplus-paid-deficiency-placed';
import { StatementReopenedAfterReversal1764340000000 } from './1764340000000-statement-reopened-after-reversal';
import { CasesRegionStatusCreated1764350000000 } from './1764350000000-cases-region-status-created';
import { CasesFlaggedPartial1764350100000 } from './1764350100000-cases-flagged-partial';

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
  JobSla1764110100000,
  HoldEscalation1764110200000,
  PromisesToPay1764110300000,
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
  PerfTimeOrderedIds1764160000000,
  PerfOutboxNotify1764160000001,
  AuctionLots1764170000000,
  AuctionDeposits1764170100000,
  AuctionInvoices1764170200000,
  Settlements1764180000000,
  PartnerScorecards1764190000000,
  AuctionPaymentsReleases1764200000000,
  AuctionSellerFees1764200100000,
  AuctionDefaults1764210000000,
  AuctionStream1764220000000,
  SaleNotices1764220100000,
  Redemptions1764220200000,
  SettlementInputs1764230000000,
  ScorecardRecordedBreaches1764240000000,
  LenderPortfolio1764240100000,
  QueueDashboardTickets1764250000000,
  StandingDeposits1764300000000,
  AuctionCreditLines1764300100000,
  AuctionLotConditionReport1764310000000,
  SettlementLegalExpenses1764320000000,
  PortfolioAuctionLots1764330000000,
  PortfolioSurplusPaidDeficiencyPlaced1764330100000,
  StatementReopenedAfterReversal1764340000000,
  CasesRegionStatusCreated1764350000000,
  CasesFlaggedPartial1764350100000,
];
