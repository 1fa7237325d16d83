import { Module } from '@nestjs/common';
import { EventsController } from './events.controller';

/** The event catalogue's route; the catalogue itself is `event-catalogue.ts`, imported by every module that records or reads events. */
@Module({ controllers: [EventsController] })
export class EventsModule {}
