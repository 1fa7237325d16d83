import {
  areaCovers,
  areasCover,
  countryOf,
  distanceMetres,
  isRegionCode,
  normaliseRegionCode,
  regionCovers,
  ServiceArea,
  ServiceTarget,
  validateServiceArea,
} from './region';

const HOUSTON = { lat: 29.7604, lng: -95.3698 };
const HALF_DEGREE_NORTH_OF_HOUSTON = { lat: 30.2604, lng: -95.3698 }; // 55 598 m away
const DALLAS = { lat: 32.7767, lng: -96.797 };

describe('region codes', () => {
  it.each([
    ['US-TX', true],
    ['CN-GD', true],
    ['GB-LND', true],
    ['FR-75', true],
    ['US', true],
    ['us-tx', false],
    ['USA', false],
    ['US-', false],
    ['US-ABCD', false],
    ['U-TX', false],
    ['US_TX', false],
    ['US-T X', false],
    ['', false],
    ['*', false],
  ])('isRegionCode(%j) = %s', (code, expected) => {
    expect(isRegionCode(code)).toBe(expected);
  });

  it.each([
    [' us-tx ', 'US-TX'],
    ['cn-gd', 'CN-GD'],
    ['gb', 'GB'],
    ['texas', null],
    ['US TX', null],
  ])('normaliseRegionCode(%j) = %j', (input, expected) => {
    expect(normaliseRegionCode(input)).toBe(expected);
  });

  it('reads the country and refuses non-codes', () => {
    expect(countryOf('US-TX')).toBe('US');
    expect(countryOf('GB')).toBe('GB');
    expect(() => countryOf('texas')).toThrow(RangeError);
  });

  it.each([
    ['US-TX', 'US-TX', true],
    ['US', 'US-TX', true],
    ['US', 'US', true],
    ['US-TX', 'US', false], // a state does not cover the whole country
    ['US-TX', 'US-CA', false],
    ['US', 'CN-GD', false],
    ['CN', 'CN-GD', true],
  ])('regionCovers(%s, %s) = %s', (outer, inner, expected) => {
    expect(regionCovers(outer, inner)).toBe(expected);
  });
});

describe('distanceMetres (haversine)', () => {
  it.each([
    ['London → Paris', { lat: 51.5074, lng: -0.1278 }, { lat: 48.8566, lng: 2.3522 }, 343_000, 344_500],
    ['Houston → Dallas', HOUSTON, DALLAS, 361_000, 362_500],
    ['half a degree of latitude', HOUSTON, HALF_DEGREE_NORTH_OF_HOUSTON, 55_590, 55_600],
    ['half the equator', { lat: 0, lng: 0 }, { lat: 0, lng: 180 }, 20_015_000, 20_015_200],
    ['across the antimeridian', { lat: 0, lng: 179.5 }, { lat: 0, lng: -179.5 }, 111_150, 111_250],
  ])('%s', (_name, a, b, low, high) => {
    const d = distanceMetres(a, b);
    expect(Number.isInteger(d)).toBe(true);
    expect(d).toBeGreaterThanOrEqual(low);
    expect(d).toBeLessThanOrEqual(high);
    expect(distanceMetres(b, a)).toBe(d);
  });

  it('is zero between a point and itself', () => {
    expect(distanceMetres(HOUSTON, HOUSTON)).toBe(0);
  });
});

describe('areaCovers', () => {
  const texas: ServiceArea = { region: 'US-TX' };
  const usa: ServiceArea = { region: 'US' };
  const houstonPostcodes: ServiceArea = { region: 'US-TX', postal_prefixes: ['770', '773'] };
  const houstonRadius: ServiceArea = { region: 'US-TX', centre: HOUSTON, radius_km: 55.598 };
  const houstonEither: ServiceArea = { region: 'US-TX', postal_prefixes: ['770'], centre: HOUSTON, radius_km: 10 };
  const london: ServiceArea = { region: 'GB-LND', postal_prefixes: ['SW1A', 'ec1'] };

  it.each<[string, ServiceArea, ServiceTarget, boolean]>([
    ['same region', texas, { region: 'US-TX' }, true],
    ['other region', texas, { region: 'US-CA' }, false],
    ['country-level area covers a subdivision', usa, { region: 'US-CA' }, true],
    ['country-level area covers the country', usa, { region: 'US' }, true],
    ['country-level area does not cover another country', usa, { region: 'CN-GD' }, false],
    ['subdivision does not cover the whole country', texas, { region: 'US' }, false],
    ['postal prefix matches', houstonPostcodes, { region: 'US-TX', postal_code: '77002' }, true],
    ['postal prefix matches a ZIP+4', houstonPostcodes, { region: 'US-TX', postal_code: '77301-1234' }, true],
    ['postal prefix does not match', houstonPostcodes, { region: 'US-TX', postal_code: '75201' }, false],
    ['postal prefixes but target postal code unknown', houstonPostcodes, { region: 'US-TX' }, false],
    ['postal prefixes but empty postal code', houstonPostcodes, { region: 'US-TX', postal_code: ' ' }, false],
    ['postal match outside the region bound', houstonPostcodes, { region: 'US-CA', postal_code: '77002' }, false],
    ['UK postcode, spacing and case ignored', london, { region: 'GB-LND', postal_code: 'sw1a 1aa' }, true],
    ['lower-case prefix', london, { region: 'GB-LND', postal_code: 'EC1A 1BB' }, true],
    ['inside radius', houstonRadius, { region: 'US-TX', position: { lat: 29.8, lng: -95.4 } }, true],
    ['exactly on the radius', houstonRadius, { region: 'US-TX', position: HALF_DEGREE_NORTH_OF_HOUSTON }, true],
    ['just beyond the radius', { ...houstonRadius, radius_km: 55.597 }, { region: 'US-TX', position: HALF_DEGREE_NORTH_OF_HOUSTON }, false],
    ['outside radius', houstonRadius, { region: 'US-TX', position: DALLAS }, false],
    ['radius but position unknown', houstonRadius, { region: 'US-TX', postal_code: '77002' }, false],
    ['postal or radius: postal matches, far away', houstonEither, { region: 'US-TX', postal_code: '77002', position: DALLAS }, true],
    ['postal or radius: radius matches', houstonEither, { region: 'US-TX', postal_code: '77501', position: HOUSTON }, true],
    ['postal or radius: neither', houstonEither, { region: 'US-TX', postal_code: '75201', position: DALLAS }, false],
    ['region-only target against a narrowed area', houstonEither, { region: 'US-TX' }, false],
  ])('%s', (_name, area, target, expected) => {
    expect(areaCovers(area, target)).toBe(expected);
  });

  it('any of several areas is enough', () => {
    expect(areasCover([texas, { region: 'US-OK' }], { region: 'US-OK' })).toBe(true);
    expect(areasCover([texas, { region: 'US-OK' }], { region: 'US-NM' })).toBe(false);
    expect(areasCover([], { region: 'US-TX' })).toBe(false);
  });
});

describe('validateServiceArea', () => {
  it('accepts well-formed areas', () => {
    expect(validateServiceArea({ region: 'US' })).toEqual([]);
    expect(validateServiceArea({ region: 'GB-LND', postal_prefixes: ['SW1A', 'EC1'], centre: { lat: 51.5, lng: -0.12 }, radius_km: 25 })).toEqual(
      [],
    );
  });

  it.each<[string, ServiceArea, string]>([
    ['bad region', { region: 'Texas' }, 'area.region'],
    ['empty postal prefix', { region: 'US-TX', postal_prefixes: ['770', ' '] }, 'area.postal_prefixes[1]'],
    ['punctuation in postal prefix', { region: 'US-TX', postal_prefixes: ['77*'] }, 'area.postal_prefixes[0]'],
    ['centre without radius', { region: 'US-TX', centre: HOUSTON }, 'area.radius_km'],
    ['radius without centre', { region: 'US-TX', radius_km: 10 }, 'area.centre'],
    ['latitude out of range', { region: 'US-TX', centre: { lat: 91, lng: 0 }, radius_km: 10 }, 'area.centre'],
    ['longitude out of range', { region: 'US-TX', centre: { lat: 0, lng: -181 }, radius_km: 10 }, 'area.centre'],
    ['non-finite position', { region: 'US-TX', centre: { lat: Number.NaN, lng: 0 }, radius_km: 10 }, 'area.centre'],
    ['zero radius', { region: 'US-TX', centre: HOUSTON, radius_km: 0 }, 'area.radius_km'],
    ['huge radius', { region: 'US-TX', centre: HOUSTON, radius_km: 2001 }, 'area.radius_km'],
  ])('reports %s', (_name, area, field) => {
    expect(validateServiceArea(area, 'area').map((e) => e.field)).toEqual([field]);
  });

  it('reports every problem at once', () => {
    expect(validateServiceArea({ region: 'x', radius_km: -1 }).map((e) => e.field)).toEqual([
      'service_area.region',
      'service_area.centre',
      'service_area.radius_km',
    ]);
  });
});
