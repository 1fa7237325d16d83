import { LoggerService } from '@nestjs/common';
import pino, { Logger as Pino } from 'pino';
import { AppConfig } from '../../config/app-config';

/** Structured JSON logs (pino) for Nest's own logger and ours; one line per event. */
export function createRootLogger(config: Pick<AppConfig, 'logLevel' | 'role'>): Pino {
  return pino({
    level: config.logLevel,
    base: { service: 'reclaim', role: config.role },
    timestamp: pino.stdTimeFunctions.isoTime,
    redact: { paths: ['req.headers.authorization', 'password', '*.password', 'refresh_token', 'access_token'], censor: '[redacted]' },
  });
}

export class PinoNestLogger implements LoggerService {
  constructor(private readonly root: Pino) {}

  log(message: unknown, ...rest: unknown[]): void {
    this.write('info', message, rest);
  }
  error(message: unknown, ...rest: unknown[]): void {
    this.write('error', message, rest);
  }
  warn(message: unknown, ...rest: unknown[]): void {
    this.write('warn', message, rest);
  }
  debug(message: unknown, ...rest: unknown[]): void {
    this.write('debug', message, rest);
  }
  verbose(message: unknown, ...rest: unknown[]): void {
    this.write('trace', message, rest);
  }
  fatal(message: unknown, ...rest: unknown[]): void {
    this.write('fatal', message, rest);
  }

  /** Nest calls (message, ...params, context); we log objects as fields and strings as msg. */
  private write(level: pino.Level, message: unknown, rest: unknown[]): void {
    const context = typeof rest[rest.length - 1] === 'string' ? (rest.pop() as string) : undefined;
    const extraMessage = rest.find((r): r is string => typeof r === 'string');
    if (message && typeof message === 'object' && !(message instanceof Error)) {
      this.root[level]({ context, ...(message as object) }, extraMessage);
    } else if (message instanceof Error) {
      this.root[level]({ context, err: message }, message.message);
    } else {
      const stack = rest.find((r): r is string => typeof r === 'string' && r.includes('\n    at '));
      this.root[level]({ context, ...(stack ? { stack } : {}) }, String(message));
    }
  }
}
