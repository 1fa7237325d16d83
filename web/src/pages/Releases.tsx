import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { api, must, type Schemas } from '../api/client';
import { isProblem } from '../api/problem';
import { formatDateTime, formatMoney, useEnum, useI18n } from '../i18n/i18n';
import { Link } from '../router';
import { FormProblems, TextField } from '../ui/form';
import { Loaded, useSubmit } from '../ui/status';
import { vehicleName } from './Vehicles';

type Release = Schemas['AuctionRelease'];

/** The yard's work list (GET /v1/releases): vehicles sold and paid for, waiting for their buyer; picked-up ones after. */
export function Releases() {
  const { t, language } = useI18n();
  const label = useEnum();
  const releases = useQuery({ queryKey: ['releases'], queryFn: () => must(api.GET('/v1/releases', { params: { query: { limit: 100 } } })) });
  return (
    <>
      <h1>{t('releases.title')}</h1>
      <p>{t('releases.intro')}</p>
      <Loaded query={releases}>
        {(page) => (
          <ul className="cards">
            {page.data.length === 0 && <li>{t('app.none')}</li>}
            {[...page.data]
              .sort((a, b) => Number(a.status === 'picked_up') - Number(b.status === 'picked_up'))
              .map((r) => (
                <li key={r.id} className="card" data-testid="release">
                  <h2>
                    <Link href={`/releases/${r.id}`}>{vehicleName(r.vehicle)}</Link>
                  </h2>
                  <p className="meta">
                    <span data-testid="release-status">{label('status', r.status)}</span> · {r.vehicle.vin} · {t('releases.ordered', { at: formatDateTime(language, r.created_at) })}
                  </p>
                  {r.storage && <p>{t('releases.storage', { days: r.storage.days, charge: formatMoney(language, r.storage.charge) })}</p>}
                </li>
              ))}
          </ul>
        )}
      </Loaded>
    </>
  );
}

/** One release order: the vehicle, where it is, the storage so far; for the org holding it the gate's pick-up with the buyer's code, for the buyer its code. */
export function ReleasePage({ id, orgId }: { id: string; orgId: string }) {
  const { t, language } = useI18n();
  const label = useEnum();
  const release = useQuery({ queryKey: ['releases', id], queryFn: () => must(api.GET('/v1/releases/{id}', { params: { path: { id } } })) });
  return (
    <Loaded query={release}>
      {(r) => (
        <>
          <h1>{vehicleName(r.vehicle)}</h1>
          <dl className="facts">
            <dt>{t('vehicles.vin')}</dt>
            <dd>{r.vehicle.vin}</dd>
            <dt>{t('cases.status')}</dt>
            <dd data-testid="release-status">{label('status', r.status)}</dd>
            <dt>{t('lot.pickup')}</dt>
            <dd>
              {r.pickup_location.name}, {r.pickup_location.address}
            </dd>
            {r.release_code && (
              <>
                <dt>{t('invoices.releaseCode')}</dt>
                <dd>
                  <strong className="release-code" data-testid="release-code">
                    {r.release_code}
                  </strong>
                </dd>
              </>
            )}
            <dt>{t('releases.failedAttempts')}</dt>
            <dd data-testid="release-failed-attempts">{r.failed_attempts}</dd>
            {r.storage && (
              <>
                <dt>{t('releases.storedSince')}</dt>
                <dd>{formatDateTime(language, r.storage.stored_at)}</dd>
                <dt>{r.storage.final ? t('releases.storageCharged') : t('releases.storageSoFar')}</dt>
                <dd data-testid="release-storage">
                  {formatMoney(language, r.storage.charge)} · {r.storage.basis}
                </dd>
              </>
            )}
            {r.picked_up_at && (
              <>
                <dt>{t('releases.pickedUpAt')}</dt>
                <dd>{formatDateTime(language, r.picked_up_at)}</dd>
              </>
            )}
          </dl>
          {/* Only the org holding the vehicle confirms the pick-up (the tow operator whose job stored it, else the lender). */}
          {r.holder_org_id === orgId && r.status === 'ordered' && <PickUpForm release={r} />}
        </>
      )}
    </Loaded>
  );
}

/** POST /v1/releases/{id}/pick-up: a wrong code is refused with the API's reason under the field, and counted. */
export function PickUpForm({ release }: { release: Pick<Release, 'id'> }) {
  const { t } = useI18n();
  const queries = useQueryClient();
  const [code, setCode] = useState('');
  const [refusal, setRefusal] = useState<string | null>(null);
  const { errors, busy, run } = useSubmit(['release_code']);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    setRefusal(null);
    void run(async () => {
      try {
        await must(api.POST('/v1/releases/{id}/pick-up', { params: { path: { id: release.id } }, body: { release_code: code } }));
      } catch (problem) {
        // The count of wrong codes moved with the refusal: read the order again.
        if (isProblem(problem)) setRefusal(problem.detail ?? null);
        await queries.invalidateQueries({ queryKey: ['releases', release.id] });
        throw problem;
      }
      await queries.invalidateQueries({ queryKey: ['releases'] });
    });
  };
  return (
    <section className="card" aria-labelledby="pick-up">
      <h2 id="pick-up">{t('releases.pickUp')}</h2>
      <form onSubmit={submit} noValidate>
        <FormProblems errors={errors} />
        {refusal && errors.fields.release_code && (
          <p className="refused" role="alert" data-testid="pick-up-refusal">
            {refusal}
          </p>
        )}
        <TextField
          label={t('releases.code')}
          hint={t('releases.codeHint')}
          value={code}
          autoComplete="off"
          autoCapitalize="characters"
          spellCheck={false}
          onChange={(e) => setCode(e.target.value)}
          error={errors.fields.release_code}
          required
        />
        <button type="submit" disabled={busy}>
          {t('releases.confirm')}
        </button>
      </form>
    </section>
  );
}
