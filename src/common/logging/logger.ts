import { LoggerService } from '@nestjs/common';
import pino, { Logger as Pino } from 'pino';
import pinoPretty from 'pino-pretty';
import { AppConfig } from '../../config/app-config';

/**
 * Structured logs (pino) for Nest's own logger and ours; one line per event. JSON for machines;
 * when stdout is a terminal, the same lines human-readable (pino-pretty). Written synchronously
 * either way, so the last lines before an exit (a refusal, "Reclaim stopped") are not lost.
 */
export function createRootLogger(config: Pick<AppConfig, 'logLevel' | 'role'>, terminal = process.stdout.isTTY === true): Pino {
  const options: pino.LoggerOptions = {
    level: config.logLevel,
    base: { service: 'reclaim', role: config.role },
    timestamp: pino.stdTimeFunctions.isoTime,
    redact: { paths: ['req.headers.authorization', 'password', '*.password', 'refresh_token', 'access_token'], censor: '[redacted]' },
  };
  return pino(options, terminal ? pinoPretty(PRETTY) : pino.destination({ dest: 1, sync: true }));
}

/** On a terminal: one line per event, the request line's fields already in its message. */
const PRETTY: pinoPretty.PrettyOptions = {
  sync: true,
  singleLine: true,
  translateTime: 'SYS:HH:MM:ss.l',
  messageFormat: '{if context}{context}: {end}{msg}',
  ignore: 'pid,hostname,service,role,context,method,route,status,duration_ms',
};

/** Nest's boot chatter (every module initialised, every route mapped): debug, not info. */
const BOOT_MAPPING_CONTEXTS = new Set(['InstanceLoader', 'RoutesResolver', 'RouterExplorer', 'NestFactory', 'NestApplication']);

export class PinoNestLogger implements LoggerService {
  constructor(private readonly root: Pino) {}

  log(message: unknown, ...rest: unknown[]): void {
    const context = rest[rest.length - 1];
    this.write(typeof context === 'string' && BOOT_MAPPING_CONTEXTS.has(context) ? 'debug' : 'info', message, rest);
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
