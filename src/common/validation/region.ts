/** ISO 3166-2 subdivision (`US-TX`, `CN-GD`, `GB-LND`) or an ISO 3166-1 alpha-2 country (`US`). */
export const REGION_CODE = /^[A-Z]{2}(-[A-Z0-9]{1,3})?$/;

/** A subdivision only (`US-TX`): where a place must be more precise than a country. */
export const SUBDIVISION_CODE = /^[A-Z]{2}-[A-Z0-9]{1,3}$/;

export function countryOf(region: string): string {
  return region.slice(0, 2);
}
