import { MIN_REGION_HISTORY, proximityOf, scoringCounts } from './scoring-inputs';

describe('scoring counts: region where there is enough history', () => {
  const kind = { recovered: 30, assigned: 100, complaints_upheld: 2, jobs_total: 100, on_time: 80, sla_total: 100 };
  const region = (assigned: number) => ({ recovered: 1, assigned, complaints_upheld: 0, jobs_total: assigned, on_time: 1, sla_total: 2 });
  it.each([
    ['no regional record', null, 'kind'],
    ['too short a regional record', region(MIN_REGION_HISTORY - 1), 'kind'],
    ['a long enough regional record', region(MIN_REGION_HISTORY), 'kind_region'],
  ] as const)('%s → %s', (_name, inRegion, scope) => {
    const chosen = scoringCounts(kind, inRegion);
    expect(chosen.scope).toBe(scope);
    expect(chosen.counts).toBe(scope === 'kind' ? kind : inRegion);
  });
});

describe('proximity from service areas', () => {
  const dallas = { lat: 32.7767, lng: -96.797 };
  const fortWorth = { lat: 32.7555, lng: -97.3308 }; // ~50 km west of Dallas
  it.each([
    ['no area covers the region', [{ region: 'US-CA' }], { region: 'US-TX' }, 0],
    ['an area of the very region', [{ region: 'US-TX' }], { region: 'US-TX' }, 0.8],
    ['a nationwide area', [{ region: 'US' }], { region: 'US-TX' }, 0.6],
    ['a matching postal prefix', [{ region: 'US-TX', postal_prefixes: ['752'] }], { region: 'US-TX', postal_code: '75201' }, 1],
    ['a postal prefix that does not match', [{ region: 'US-TX', postal_prefixes: ['770'] }], { region: 'US-TX', postal_code: '75201' }, 0],
    ['a postal area and an unknown postal code', [{ region: 'US-TX', postal_prefixes: ['752'] }], { region: 'US-TX' }, 0],
    ['the centre of a radius', [{ region: 'US-TX', centre: dallas, radius_km: 100 }], { region: 'US-TX', position: dallas }, 1],
    ['half way to the edge of a radius', [{ region: 'US-TX', centre: dallas, radius_km: 100 }], { region: 'US-TX', position: fortWorth }, 0.7502],
    ['outside the radius', [{ region: 'US-TX', centre: dallas, radius_km: 40 }], { region: 'US-TX', position: fortWorth }, 0],
    ['the best of several areas', [{ region: 'US' }, { region: 'US-TX', postal_prefixes: ['752'] }], { region: 'US-TX', postal_code: '752 01' }, 1],
  ])('%s', (_name, areas, target, expected) => {
    expect(proximityOf(areas, target)).toBe(expected);
  });
});
