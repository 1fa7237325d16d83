import { validateSync } from 'class-validator';
import { IsCalendarDate } from './calendar-date.validator';

class Body {
  @IsCalendarDate()
  on: unknown;
}

const errorsFor = (on: unknown) => {
  const body = Object.assign(new Body(), { on });
  return validateSync(body).flatMap((e) => Object.values(e.constraints ?? {}));
};

describe('IsCalendarDate', () => {
  it.each(['2024-02-29', '2026-11-23', '1999-12-31'])('accepts %s', (on) => {
    expect(errorsFor(on)).toEqual([]);
  });

  it.each(['2023-02-29', '2024-13-01', '2024-1-01', '2024-01-01T00:00:00Z', 20240101, null])('refuses %s', (on) => {
    expect(errorsFor(on)).toEqual(['on must be a date as YYYY-MM-DD']);
  });
});
