import type { CalendarDate } from '../../common/calendar/calendar-date';
import type { Credential } from './credential';
import { Capability, CredentialRequirement, mayServe, PartnerForEligibility } from './eligibility';
import { countryOf, RegionCode } from './region';

/**
 * Every region a partner may serve each of its capabilities in on one day, as a finite answer a
 * query can filter on (a listing page decides eligibility in SQL, not per candidate row).
 *
 * `mayServe` looks at a region only through the regions the partner's service areas, its
 * credentials and the requirement table name: a region equals one of them, or lies in the country
 * one of them is. So every subdivision that none of them names answers like every other unnamed
 * subdivision of its country, and one of them stands for all: the regions named are answered one
 * by one, and each country once, through a subdivision nobody names. Any other region (an unnamed
 * country) is covered by no service area.
 */
export interface ServableRegions {
  /** `capability|region` for each named region the partner may serve the capability in. */
  readonly pairs: readonly string[];
  /** `capability|country` where the partner may serve the capability in every unnamed subdivision of the country. */
  readonly countries: readonly string[];
  /** Every region the service areas, credentials and requirements name. */
  readonly named: readonly string[];
}

export interface ServableInput {
  readonly partner: PartnerForEligibility;
  readonly credentials: readonly Credential[];
  readonly requirements: readonly CredentialRequirement[];
  readonly on: CalendarDate;
}

export const NO_REGIONS: ServableRegions = { pairs: [], countries: [], named: [] };

/** The highest subdivision code of the country that nobody names: the stand-in of every unnamed one. */
function unnamedSubdivision(country: string, named: ReadonlySet<string>): RegionCode {
  for (let n = 36 ** 3 - 1; n >= 0; n--) {
    const region = `${country}-${n.toString(36).toUpperCase()}`;
    if (!named.has(region)) return region;
  }
  throw new RangeError(`every subdivision of ${country} is named`);
}

export function servableRegions(input: ServableInput): ServableRegions {
  const named = new Set<string>([
    ...input.partner.service_areas.map((a) => a.region),
    ...input.credentials.map((c) => c.issuing_region),
    ...input.requirements.map((r) => r.region).filter((r) => r !== '*'),
  ]);
  const countries = new Set([...named].map(countryOf));
  const pairs: string[] = [];
  const wholeCountries: string[] = [];
  for (const capability of input.partner.capabilities) {
    const serves = (region: RegionCode) => mayServe({ partner: input.partner, credentials: input.credentials, requirements: input.requirements, capability, region, on: input.on }).eligible;
    for (const region of named) if (serves(region)) pairs.push(`${capability}|${region}`);
    for (const country of countries) if (serves(unnamedSubdivision(country, named))) wholeCountries.push(`${capability}|${country}`);
  }
  return { pairs, countries: wholeCountries, named: [...named] };
}

/** The same answer as the SQL filter reads it, for a region in hand (a lot on a page already read). */
export function mayServeRegion(servable: ServableRegions, capability: Capability, region: RegionCode): boolean {
  if (servable.pairs.includes(`${capability}|${region}`)) return true;
  return region.length > 2 && !servable.named.includes(region) && servable.countries.includes(`${capability}|${countryOf(region)}`);
}
