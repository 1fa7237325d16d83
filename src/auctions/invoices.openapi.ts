import { defineSchema, enumOf, MoneySchema, nullable, objectOf, text } from '../common/openapi/schema';
import { AUCTION_INVOICE_PROPERTIES } from './auctions.openapi';
import { AuctionReleaseSchema } from './releases.openapi';

/** An invoice with its release order (`invoice-payments.service.ts`). */
export const AuctionInvoiceDetailSchema = defineSchema('AuctionInvoiceDetail', objectOf({ ...AUCTION_INVOICE_PROPERTIES, release: nullable(AuctionReleaseSchema) }));

export const AuctionInvoicePaymentSchema = defineSchema(
  'AuctionInvoicePayment',
  objectOf({
    invoice: AuctionInvoiceDetailSchema,
    payment_intent: nullable(objectOf({ id: text, status: enumOf(['succeeded', 'processing']) })),
    deposit_captured: MoneySchema,
  }),
);
