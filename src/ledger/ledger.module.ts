import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { LedgerAccount } from './ledger-account.entity';
import { LedgerEntry } from './ledger-entry.entity';
import { LedgerTransaction } from './ledger-transaction.entity';
import { LedgerController } from './ledger.controller';
import { LedgerQueriesService } from './ledger-queries.service';
import { LedgerService } from './ledger.service';

/**
 * The double-entry ledger (DESIGN §8). Every money path (payments, statements, payouts, auction
 * invoices, settlements) posts through `LedgerService.post` inside its own transaction.
 */
@Module({
  imports: [TypeOrmModule.forFeature([LedgerAccount, LedgerTransaction, LedgerEntry])],
  controllers: [LedgerController],
  providers: [LedgerService, LedgerQueriesService],
  exports: [LedgerService],
})
export class LedgerModule {}
