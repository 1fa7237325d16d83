import { Module } from '@nestjs/common';
import { JwtModule } from '@nestjs/jwt';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AuthModule } from '../auth/auth.module';
import { EmailJob, EmailService } from './email.job';
import { EmailLogEntry } from './email-log.entity';
import { InboxController } from './inbox.controller';
import { InboxNotification } from './inbox-notification.entity';
import { InboxService } from './inbox.service';
import { Mailer } from './mailer';
import { QueueDashboardTicketsController } from './queue-dashboard-tickets.controller';
import { QueueDashboardTickets } from './queue-dashboard-tickets.service';
import { NotificationFanout } from './notification-fanout.subscriber';
import { WebhookDeliveriesService } from './webhook-deliveries.service';
import { WebhookDeliveryAttempt } from './webhook-delivery-attempt.entity';
import { WebhookDelivery } from './webhook-delivery.entity';
import { WebhookDeliveryJob } from './webhook-delivery.job';
import { WebhookEndpoint } from './webhook-endpoint.entity';
import { WebhookEndpointsController } from './webhook-endpoints.controller';
import { WebhookEndpointsService } from './webhook-endpoints.service';
import { WebhookSecrets } from './webhook-secrets';

/** Signed webhooks with retries and replay, the in-app inbox, and e-mail (DESIGN §9, issue 6). */
@Module({
  imports: [AuthModule, JwtModule.register({}), TypeOrmModule.forFeature([WebhookEndpoint, WebhookDelivery, WebhookDeliveryAttempt, InboxNotification, EmailLogEntry])],
  controllers: [WebhookEndpointsController, InboxController, QueueDashboardTicketsController],
  providers: [
    WebhookSecrets,
    WebhookEndpointsService,
    WebhookDeliveriesService,
    WebhookDeliveryJob,
    InboxService,
    Mailer,
    EmailService,
    EmailJob,
    NotificationFanout,
    QueueDashboardTickets,
  ],
})
export class NotificationsModule {}
