import type { PartnerStats } from '../../marketplace/domain/bid-scoring';
import type { ServiceArea, ServiceTarget } from '../../partners/domain/region';
import { areaCovers, countryOf, distanceMetres, regionCovers } from '../../partners/domain/region';

/** The scorecard counts the award score reads (DESIGN §5 performance, quality, sla). */
export type ScoringCounts = Pick<PartnerStats, 'recovered' | 'assigned' | 'complaints_upheld' | 'jobs_total' | 'on_time' | 'sla_total'>;

export type ScoringScope = 'kind' | 'kind_region';

/**
 * Jobs of a kind in a region a partner must have had before its regional record replaces its
 * record for the kind everywhere: below it, a handful of jobs in one region would swing the score.
 */
export const MIN_REGION_HISTORY = 10;

/** The region's record when it is long enough, the kind's otherwise; the scope says which was used. */
export function scoringCounts(byKind: ScoringCounts, inRegion: ScoringCounts | null): { readonly counts: ScoringCounts; readonly scope: ScoringScope } {
  if (inRegion !== null && inRegion.assigned >= MIN_REGION_HISTORY) return { counts: inRegion, scope: 'kind_region' };
  return { counts: byKind, scope: 'kind' };
}

/**
 * How near a partner is to the work (DESIGN §5 `proximity`), in [0, 1], the best of its service
 * areas: 1 for a postal prefix that matches; inside a radius, from 1 at the centre down to 0.5 at
 * the edge; 0.8 for an area of exactly the work's region, 0.6 for the whole country (a nationwide
 * licence says nothing about a yard nearby); 0 when no area covers the work. An area narrowed to
 * postal prefixes or a radius that the work's location cannot be checked against does not cover
 * it (the serve rule of `areaCovers`).
 */
export const PROXIMITY = { postal: 1, radiusEdge: 0.5, region: 0.8, country: 0.6 } as const;

export function proximityOf(areas: readonly ServiceArea[], target: ServiceTarget): number {
  return areas.reduce((best, area) => Math.max(best, areaProximity(area, target)), 0);
}

function areaProximity(area: ServiceArea, target: ServiceTarget): number {
  if (!areaCovers(area, target)) return 0;
  const narrowed = (area.postal_prefixes?.length ?? 0) > 0 || (area.centre !== undefined && area.radius_km !== undefined);
  if (!narrowed) return area.region === countryOf(area.region) && area.region !== target.region ? PROXIMITY.country : PROXIMITY.region;
  let best = 0;
  const postal = target.postal_code?.replace(/[\s-]/g, '').toUpperCase() ?? '';
  if (postal !== '' && (area.postal_prefixes ?? []).some((p) => postal.startsWith(p.replace(/[\s-]/g, '').toUpperCase()))) best = PROXIMITY.postal;
  if (area.centre !== undefined && area.radius_km !== undefined && target.position !== undefined) {
    const share = distanceMetres(area.centre, target.position) / (area.radius_km * 1000);
    if (share <= 1) best = Math.max(best, Math.round((1 - (1 - PROXIMITY.radiusEdge) * share) * 10_000) / 10_000);
  }
  return regionCovers(area.region, target.region) ? best : 0;
}
