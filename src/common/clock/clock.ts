import { Injectable } from '@nestjs/common';

/** The only source of "now" in domain code, so time-dependent rules can be tested with a controlled clock. */
@Injectable()
export class Clock {
  now(): Date {
    return new Date();
  }

  /** Today's calendar date in UTC, YYYY-MM-DD. */
  today(): string {
    return this.now().toISOString().slice(0, 10);
  }
}
