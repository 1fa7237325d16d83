import type { FieldError } from '../../common/problem/problem';
import { REGION_CODE } from '../../common/validation/region';

/**
 * Region codes and service-area matching (DESIGN §3: service areas are region codes such as
 * `US-TX`, `CN-GD`, optional postal prefixes, optional centre + radius km).
 *
 * A region code is ISO 3166-2 shaped: an ISO 3166-1 alpha-2 country, optionally followed by `-`
 * and a subdivision of 1–3 letters or digits (`US-TX`, `CN-GD`, `GB-LND`, `FR-75`). A bare
 * country (`US`) is a region too: an agency licensed nationwide covers the whole country.
 * Only the shape is checked, in canonical upper case; the registry itself changes every year
 * and is not worth freezing into code.
 */
export type RegionCode = string;

export interface GeoPoint {
  readonly lat: number;
  readonly lng: number;
}

export interface ServiceArea {
  readonly region: RegionCode;
  readonly postal_prefixes?: readonly string[];
  readonly centre?: GeoPoint;
  readonly radius_km?: number;
}

/** Where the work is: a region, and where known a postal code and a position. */
export interface ServiceTarget {
  readonly region: RegionCode;
  readonly postal_code?: string;
  readonly position?: GeoPoint;
}

/** Larger than any country's road trip from one yard; a bigger radius is a typo. */
const MAX_RADIUS_KM = 2_000;

export function isRegionCode(value: string): boolean {
  return REGION_CODE.test(value);
}

/** Canonical form of user input (`us-tx ` → `US-TX`), or null when it is not a region code. */
export function normaliseRegionCode(value: string): RegionCode | null {
  const upper = value.trim().toUpperCase();
  return isRegionCode(upper) ? upper : null;
}

export function countryOf(region: RegionCode): string {
  if (!isRegionCode(region)) throw new RangeError(`"${region}" is not a region code`);
  return region.slice(0, 2);
}

function isCountryLevel(region: RegionCode): boolean {
  return countryOf(region) === region;
}

/** `outer` covers `inner` when they are the same region, or `outer` is `inner`'s whole country. */
export function regionCovers(outer: RegionCode, inner: RegionCode): boolean {
  return outer === inner || (isCountryLevel(outer) && countryOf(inner) === outer);
}

/** Postal codes compare without spaces or dashes and in upper case (`sw1a 1aa` ~ `SW1A1AA`). */
function normalisePostal(code: string): string {
  return code.replace(/[\s-]/g, '').toUpperCase();
}

/** IUGG mean Earth radius; good to ~0.5 % for the haversine formula, plenty for service radii. */
const EARTH_RADIUS_M = 6_371_009;

/** Great-circle (haversine) distance in whole metres. */
export function distanceMetres(a: GeoPoint, b: GeoPoint): number {
  const rad = Math.PI / 180;
  const dLat = (b.lat - a.lat) * rad;
  const dLng = (b.lng - a.lng) * rad;
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(a.lat * rad) * Math.cos(b.lat * rad) * Math.sin(dLng / 2) ** 2;
  return Math.round(2 * EARTH_RADIUS_M * Math.asin(Math.min(1, Math.sqrt(h))));
}

/**
 * Whether a service area covers a target.
 *
 * The region is the outer bound: the target's region must be the area's region or lie in the
 * area's country. Postal prefixes and a radius narrow the area inside that bound; when an area has
 * either, the target must match at least one of them (they are two ways of describing the same
 * patch: "these postcodes, or within 80 km of the yard"). A narrowing the target cannot be checked
 * against (no postal code, no position) does not count as covered: a partner that serves part of a
 * region is not offered work whose location inside it is unknown. A radius never reaches past the
 * region bound; a yard near a border registers one area per region.
 */
export function areaCovers(area: ServiceArea, target: ServiceTarget): boolean {
  if (!regionCovers(area.region, target.region)) return false;
  const { centre, radius_km: radiusKm, postal_prefixes: prefixes = [] } = area;
  const hasRadius = centre !== undefined && radiusKm !== undefined;
  if (prefixes.length === 0 && !hasRadius) return true;

  const postal = target.postal_code === undefined ? '' : normalisePostal(target.postal_code);
  const byPostal = postal !== '' && prefixes.some((p) => postal.startsWith(normalisePostal(p)));
  const byRadius =
    hasRadius && target.position !== undefined && distanceMetres(centre, target.position) <= Math.round(radiusKm * 1000);
  return byPostal || byRadius;
}

export function areasCover(areas: readonly ServiceArea[], target: ServiceTarget): boolean {
  return areas.some((area) => areaCovers(area, target));
}

function isLatLng(p: GeoPoint): boolean {
  return Number.isFinite(p.lat) && Number.isFinite(p.lng) && Math.abs(p.lat) <= 90 && Math.abs(p.lng) <= 180;
}

/** Field errors for a service area as a partner submits it (problem+json `errors`, DESIGN §2). */
export function validateServiceArea(area: ServiceArea, field = 'service_area'): readonly FieldError[] {
  const errors: FieldError[] = [];
  if (!isRegionCode(area.region)) {
    errors.push({ field: `${field}.region`, message: 'must be a region code such as US-TX, CN-GD or US' });
  }
  (area.postal_prefixes ?? []).forEach((prefix, i) => {
    if (!/^[A-Z0-9]{1,10}$/.test(normalisePostal(prefix))) {
      errors.push({ field: `${field}.postal_prefixes[${i}]`, message: 'must be 1–10 letters or digits' });
    }
  });
  if ((area.centre === undefined) !== (area.radius_km === undefined)) {
    errors.push({ field: `${field}.${area.centre ? 'radius_km' : 'centre'}`, message: 'centre and radius_km go together' });
  }
  if (area.centre !== undefined && !isLatLng(area.centre)) {
    errors.push({ field: `${field}.centre`, message: 'lat must be within ±90 and lng within ±180' });
  }
  if (area.radius_km !== undefined && !(area.radius_km > 0 && area.radius_km <= MAX_RADIUS_KM)) {
    errors.push({ field: `${field}.radius_km`, message: `must be greater than 0 and at most ${MAX_RADIUS_KM}` });
  }
  return errors;
}
