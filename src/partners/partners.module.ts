import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AuthModule } from '../auth/auth.module';
import { CredentialExpiryJob } from './credential-expiry.job';
import { CredentialExpiryWarning } from './credential-expiry-warning.entity';
import { CredentialRequirementRow } from './credential-requirement.entity';
import { CredentialRequirementsService } from './credential-requirements.service';
import { PartnerCredential } from './partner-credential.entity';
import { PartnerDirectoryService } from './partner-directory.service';
import { StorageYardRates } from './storage-yard-rates.service';
import { PartnerScorecards } from './partner-scorecards.service';
import { BuyerVerificationService, PartnerEligibilityService } from './partner-eligibility.service';
import { PartnerProfile } from './partner-profile.entity';
import { PartnerProfileService } from './partner-profile.service';
import { PartnerRecords } from './partner-records';
import { CredentialRequirementsController, PartnerProfileController, PartnersAdminController, PartnersController } from './partners.controller';
import { StorageYard } from './storage-yard.entity';
import { VettingHistoryEntry } from './vetting-history.entity';
import { VettingService } from './vetting.service';

/**
 * Partner network (DESIGN §3): profiles, credentials, vetting, requirements, the daily expiry job.
 * Later modules import it for `PartnerEligibilityService.mayServe` and `BuyerVerificationService.mayBid`.
 */
@Module({
  imports: [
    AuthModule,
    TypeOrmModule.forFeature([PartnerProfile, StorageYard, PartnerCredential, CredentialRequirementRow, VettingHistoryEntry, CredentialExpiryWarning]),
  ],
  controllers: [PartnerProfileController, PartnersController, CredentialRequirementsController, PartnersAdminController],
  providers: [
    PartnerRecords,
    VettingService,
    PartnerProfileService,
    PartnerDirectoryService,
    CredentialRequirementsService,
    PartnerEligibilityService,
    BuyerVerificationService,
    CredentialExpiryJob,
    StorageYardRates,
    PartnerScorecards,
  ],
  exports: [PartnerEligibilityService, BuyerVerificationService, PartnerDirectoryService, StorageYardRates, PartnerScorecards],
})
export class PartnersModule {}
