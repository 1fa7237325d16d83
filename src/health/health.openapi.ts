import { defineSchema, enumOf, objectOf, text } from '../common/openapi/schema';

/** The answers of the health probes. */
export const HealthSchema = defineSchema('Health', objectOf({ status: enumOf(['ok']) }));

const check = objectOf({ status: enumOf(['up', 'down']), error: text }, { optional: ['error'] });
export const ReadinessSchema = defineSchema(
  'Readiness',
  objectOf({
    status: enumOf(['ok', 'unavailable']),
    checks: objectOf({ database: check, redis: check, startup: check, schedulers: check }, { optional: ['schedulers'], description: '`schedulers`: workers only (the repeating sweeps Redis must hold)' }),
  }),
);
