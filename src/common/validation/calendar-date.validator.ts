import { ValidateBy, ValidationOptions } from 'class-validator';
import { isCalendarDate } from '../calendar/calendar-date';

/** A real calendar date `YYYY-MM-DD` (2023-02-29 is refused), for every DTO that takes one. */
export function IsCalendarDate(options: ValidationOptions = {}): PropertyDecorator {
  return ValidateBy(
    {
      name: 'isCalendarDate',
      validator: {
        validate: (value: unknown) => typeof value === 'string' && isCalendarDate(value),
        defaultMessage: (args) => `${args?.property ?? 'date'} must be a date as YYYY-MM-DD`,
      },
    },
    options,
  );
}
