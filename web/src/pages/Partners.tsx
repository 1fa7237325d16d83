import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { api, must, type Schemas } from '../api/client';
import { useI18n, useEnum } from '../i18n/i18n';
import { FormProblems, SelectField, TextField } from '../ui/form';
import { Loaded, useSubmit } from '../ui/status';

type Partner = Schemas['PartnerProfile'];

/**
 * The queue dashboard for platform admins. A link cannot carry the bearer, so the click asks the API
 * for a one-time ticket and posts it as a form to /admin/queues/session, which answers the
 * dashboard's own session cookie (HttpOnly, SameSite=Strict, only for /admin/queues) and redirects
 * there; the ticket is in no URL, so no log or history keeps it.
 */
function QueueDashboardLink() {
  const { t } = useI18n();
  const { errors, busy, run } = useSubmit([]);
  const open = () =>
    void run(async () => {
      const { ticket, redeem_path } = await must(api.POST('/v1/admin/queue-dashboard/tickets'));
      const form = document.createElement('form');
      form.method = 'post';
      form.action = redeem_path;
      const field = document.createElement('input');
      field.type = 'hidden';
      field.name = 'ticket';
      field.value = ticket;
      form.append(field);
      document.body.append(form);
      form.submit();
    });
  return (
    <div className="actions">
      <FormProblems errors={errors} />
      <button type="button" className="secondary" onClick={open} disabled={busy}>
        {t('partners.queues')}
      </button>
    </div>
  );
}

/** Platform staff: the vetting queue (GET /v1/admin/partners) with approve / reject and a reason; admins also reach the queue dashboard. */
export function Partners({ admin }: { admin: boolean }) {
  const { t } = useI18n();
  const queue = useQuery({ queryKey: ['admin-partners'], queryFn: () => must(api.GET('/v1/admin/partners', { params: { query: { limit: 50 } } })) });
  return (
    <>
      <h1>{t('partners.title')}</h1>
      {admin && <QueueDashboardLink />}
      <Loaded query={queue}>
        {(page) => (
          <ul className="cards">
            {page.data.length === 0 && <li>{t('app.none')}</li>}
            {page.data.map((p) => (
              <Vetting key={p.org_id} partner={p} />
            ))}
          </ul>
        )}
      </Loaded>
    </>
  );
}

function Vetting({ partner }: { partner: Partner }) {
  const { t } = useI18n();
  const label = useEnum();
  const queries = useQueryClient();
  const [reason, setReason] = useState('');
  const { errors, busy, run } = useSubmit(['reason']);
  const decide = (decision: 'approve' | 'reject') =>
    void run(async () => {
      await must(api.POST(`/v1/admin/partners/{orgId}/${decision}`, { params: { path: { orgId: partner.org_id } }, body: { reason } }));
      await queries.invalidateQueries({ queryKey: ['admin-partners'] });
    });
  const open = partner.status === 'applied' || partner.status === 'under_review';
  return (
    <li className="card">
      <h2>{partner.org_name}</h2>
      <p className="meta">
        {label('kind', partner.kind)} · {t('partners.status')}: <strong>{label('status', partner.status)}</strong>
      </p>
      <p>
        {t('partners.capabilities')}: {partner.capabilities.map((c) => label('capability', c)).join(', ') || '—'}
      </p>
      <p>
        {t('partners.credentials')}: {partner.credentials.map((c) => `${label('type', c.type)} ${c.number}`).join(', ') || '—'}
      </p>
      {open && (
        <div className="actions">
          <FormProblems errors={errors} />
          <TextField label={t('partners.reason')} value={reason} onChange={(e) => setReason(e.target.value)} error={errors.fields.reason} />
          <button type="button" onClick={() => decide('approve')} disabled={busy}>
            {t('partners.approve')}
          </button>
          <button type="button" className="secondary" onClick={() => decide('reject')} disabled={busy}>
            {t('partners.reject')}
          </button>
        </div>
      )}
    </li>
  );
}

const CAPABILITIES = ['soft_collection', 'field_visit', 'skip_trace', 'repossession', 'transport', 'storage', 'legal'] as const;
type Capability = (typeof CAPABILITIES)[number];

/** The partner directory (GET /v1/partners): approved partners by capability and region, with their scorecard. */
export function Directory() {
  const { t } = useI18n();
  const label = useEnum();
  const [capability, setCapability] = useState<Capability | ''>('');
  const [region, setRegion] = useState('');
  const partners = useQuery({
    queryKey: ['partners', capability, region],
    queryFn: () => must(api.GET('/v1/partners', { params: { query: { limit: 50, capability: capability || undefined, region: region || undefined } } })),
  });
  return (
    <>
      <h1>{t('directory.title')}</h1>
      <form className="filters" aria-label={t('cases.filters')} onSubmit={(e) => e.preventDefault()}>
        <SelectField label={t('partners.capabilities')} value={capability} onChange={(e) => setCapability(e.target.value as Capability | '')}>
          <option value="">{t('cases.any')}</option>
          {CAPABILITIES.map((c) => (
            <option key={c} value={c}>
              {label('capability', c)}
            </option>
          ))}
        </SelectField>
        <TextField label={t('cases.region')} value={region} placeholder="US-TX" onChange={(e) => setRegion(e.target.value)} />
      </form>
      <Loaded query={partners}>
        {(page) => (
          <ul className="cards">
            {page.data.length === 0 && <li>{t('app.none')}</li>}
            {page.data.map((p) => (
              <li key={p.org_id} className="card">
                <h2>{p.org_name}</h2>
                <p className="meta">
                  {label('kind', p.kind)} · {p.service_areas.map((a) => String(a.region)).join(', ')}
                </p>
                <p>
                  {t('partners.capabilities')}: {p.capabilities.map((c) => label('capability', c)).join(', ')}
                </p>
              </li>
            ))}
          </ul>
        )}
      </Loaded>
    </>
  );
}

/** A partner's name where a page has only its org id (bids); the id's start until it loads. */
export function PartnerName({ orgId }: { orgId: string }) {
  const partner = useQuery({ queryKey: ['partner', orgId], queryFn: () => must(api.GET('/v1/partners/{orgId}', { params: { path: { orgId } } })), staleTime: 300_000 });
  return <>{partner.data?.org_name ?? orgId.slice(0, 8)}</>;
}
