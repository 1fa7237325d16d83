import { useQuery } from '@tanstack/react-query';
import { api, must, type paths, type Schemas } from '../api/client';
import { formatDateTime, formatMoney, useEnum, useI18n } from '../i18n/i18n';
import { Link } from '../router';
import { EnumSelect } from '../ui/enum-select';
import { useFilters } from '../ui/filters';
import { TextField } from '../ui/form';
import { Table } from '../ui/table';
import { Loaded } from '../ui/status';

type VehicleQuery = NonNullable<paths['/v1/vehicles']['get']['parameters']['query']>;
type Lot = Schemas['AuctionLot'];
const VEHICLE_STATUSES = ['financed', 'repo_ordered', 'located', 'recovered', 'in_storage', 'listed', 'sold', 'released', 'redeemed', 'order_cancelled'] as const;

export const vehicleName = (v: { make: string | null; model: string | null; year: number | null; vin: string }) => [v.year, v.make, v.model].filter((part) => part !== null).join(' ') || v.vin;

/** The lender's vehicles (GET /v1/vehicles) with the API's own filters. */
export function Vehicles() {
  const { t } = useI18n();
  const label = useEnum();
  const { draft, change, filters, apply } = useFilters<VehicleQuery>({});
  const vehicles = useQuery({ queryKey: ['vehicles', filters], queryFn: () => must(api.GET('/v1/vehicles', { params: { query: { ...filters, limit: 100 } } })) });
  return (
    <>
      <h1>{t('vehicles.title')}</h1>
      <form onSubmit={apply} className="filters" aria-label={t('cases.filters')}>
        <EnumSelect label={t('cases.status')} family="status" values={VEHICLE_STATUSES} value={draft.status} onChange={(status) => change({ status })} />
        <TextField label={t('vehicles.vin')} value={draft.vin ?? ''} onChange={(e) => change({ vin: e.target.value || undefined })} />
        <button type="submit">{t('cases.apply')}</button>
      </form>
      <Loaded query={vehicles}>
        {(page) => (
          <Table
            headers={[t('vehicles.vehicle'), t('vehicles.vin'), t('cases.status'), t('vehicles.titleStatus')]}
            items={page.data}
            row={(v) => (
              <tr key={v.id}>
                <td>
                  <Link href={`/vehicles/${v.id}`}>{vehicleName(v)}</Link>
                </td>
                <td>{v.vin}</td>
                <td data-testid="vehicle-status">{label('status', v.status)}</td>
                <td>{v.title_status ? label('title_status', v.title_status) : '—'}</td>
              </tr>
            )}
          />
        )}
      </Loaded>
    </>
  );
}

/** One vehicle and the lots it was listed in. */
export function VehiclePage({ id }: { id: string }) {
  const { t, language } = useI18n();
  const label = useEnum();
  const vehicle = useQuery({ queryKey: ['vehicles', id], queryFn: () => must(api.GET('/v1/vehicles/{id}', { params: { path: { id } } })) });
  return (
    <Loaded query={vehicle}>
      {(v) => (
        <>
          <h1>{vehicleName(v)}</h1>
          <dl className="facts">
            <dt>{t('vehicles.vin')}</dt>
            <dd>{v.vin}</dd>
            <dt>{t('cases.status')}</dt>
            <dd data-testid="vehicle-status">{label('status', v.status)}</dd>
            <dt>{t('vehicles.titleStatus')}</dt>
            <dd>{v.title_status ? label('title_status', v.title_status) : '—'}</dd>
            <dt>{t('vehicles.plate')}</dt>
            <dd>{v.plate ? `${v.plate} (${v.plate_region ?? '—'})` : '—'}</dd>
            <dt>{t('vehicles.mileage')}</dt>
            <dd>{v.mileage ?? '—'}</dd>
            <dt>{t('vehicles.valuation')}</dt>
            <dd>{v.valuation ? `${formatMoney(language, v.valuation)}${v.valuation.date ? ` (${v.valuation.date})` : ''}` : '—'}</dd>
            {v.case_id && (
              <>
                <dt>{t('vehicles.case')}</dt>
                <dd>
                  <Link href={`/cases/${v.case_id}`}>{t('vehicles.openCase')}</Link>
                </dd>
              </>
            )}
          </dl>
          <VehicleLots vehicleId={v.id} />
        </>
      )}
    </Loaded>
  );
}

/**
 * The vehicle's lots. GET /v1/auctions has no vehicle filter, so the lender's own lots (the first
 * 200, newest first) are read and this vehicle's picked out; a lender with more lots than that
 * needs a `vehicle_id` filter on the API.
 */
function VehicleLots({ vehicleId }: { vehicleId: string }) {
  const { t } = useI18n();
  const lots = useQuery({ queryKey: ['auctions', 'mine'], queryFn: () => must(api.GET('/v1/auctions', { params: { query: { limit: 200 } } })) });
  return (
    <section aria-labelledby="vehicle-lots">
      <h2 id="vehicle-lots">{t('vehicles.lots')}</h2>
      <Loaded query={lots}>{(page) => <LotTable lots={page.data.filter((lot) => lot.vehicle.id === vehicleId)} />}</Loaded>
    </section>
  );
}

/** Lots in a table: status, price, bids and the end, each linking to its page. */
export function LotTable({ lots }: { lots: readonly Lot[] }) {
  const { t, language } = useI18n();
  const label = useEnum();
  return (
    <Table
      headers={[t('vehicles.vehicle'), t('cases.status'), t('lot.price'), t('lot.bids'), t('lot.ends')]}
      items={lots}
      row={(lot) => (
        <tr key={lot.id}>
          <td>
            <Link href={`/auctions/${lot.id}`}>{vehicleName(lot.vehicle)}</Link>
          </td>
          <td>{label('status', lot.status)}</td>
          <td>{formatMoney(language, lot.hammer_price ?? lot.current_price ?? lot.start_price)}</td>
          <td>{lot.bid_count}</td>
          <td>{formatDateTime(language, lot.ends_at)}</td>
        </tr>
      )}
    />
  );
}
