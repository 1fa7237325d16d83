import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { api, must } from '../api/client';
import { useI18n, useEnum } from '../i18n/i18n';
import { FormProblems, TextField } from '../ui/form';
import { Loaded, useSubmit } from '../ui/status';

/** The org's webhook endpoints; a new endpoint's signing secret is shown once, as the API gives it once. */
export function Webhooks() {
  const { t } = useI18n();
  const label = useEnum();
  const queries = useQueryClient();
  const endpoints = useQuery({ queryKey: ['webhooks'], queryFn: () => must(api.GET('/v1/webhook-endpoints', { params: { query: { limit: 50 } } })) });
  const [url, setUrl] = useState('');
  const [types, setTypes] = useState('');
  const [secret, setSecret] = useState<string | null>(null);
  const { errors, busy, run } = useSubmit(['url', 'event_types']);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    void run(async () => {
      const eventTypes = types.split(',').map((s) => s.trim()).filter(Boolean);
      const created = await must(api.POST('/v1/webhook-endpoints', { body: { url, event_types: eventTypes.length ? eventTypes : ['*'] } }));
      setSecret(created.secret);
      setUrl('');
      await queries.invalidateQueries({ queryKey: ['webhooks'] });
    });
  };
  return (
    <>
      <h1>{t('webhooks.title')}</h1>
      <Loaded query={endpoints}>
        {(page) => (
          <ul className="cards">
            {page.data.length === 0 && <li>{t('app.none')}</li>}
            {page.data.map((e) => (
              <li key={e.id} className="card">
                <code>{e.url}</code> · {e.event_types.join(', ')} · {e.enabled ? label('status', 'enabled') : `${label('status', 'disabled')}: ${e.disabled_reason ?? ''}`}
              </li>
            ))}
          </ul>
        )}
      </Loaded>
      <form onSubmit={submit} noValidate>
        <FormProblems errors={errors} />
        {secret && <p role="status">{t('webhooks.secret', { secret })}</p>}
        <TextField label={t('webhooks.url')} type="url" required value={url} onChange={(e) => setUrl(e.target.value)} error={errors.fields.url} />
        <TextField label={t('webhooks.events')} value={types} onChange={(e) => setTypes(e.target.value)} error={errors.fields.event_types} />
        <button type="submit" disabled={busy}>
          {t('webhooks.add')}
        </button>
      </form>
    </>
  );
}
