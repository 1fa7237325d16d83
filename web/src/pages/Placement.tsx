import { useQuery } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { api, asFormData, download, must } from '../api/client';
import { useI18n, useEnum } from '../i18n/i18n';
import { navigate } from '../router';
import { FormProblems, TextField } from '../ui/form';
import { Loaded, useSubmit } from '../ui/status';

/** Bulk placement (POST /v1/cases/bulk, CSV): the upload, then the import's progress until it ends. */
export function Placement({ importId }: { importId?: string }) {
  const { t } = useI18n();
  const [file, setFile] = useState<File | null>(null);
  const { errors, busy, run } = useSubmit(['file']);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (!file) return;
    void run(async () => {
      const started = await must(api.POST('/v1/cases/bulk', { body: asFormData(file) as never, bodySerializer: (body) => body as unknown as FormData }));
      navigate(`/placement/${started.id}`);
    });
  };
  return (
    <>
      <h1>{t('placement.title')}</h1>
      <form onSubmit={submit} noValidate>
        <FormProblems errors={errors} />
        <TextField label={t('placement.file')} hint={t('placement.hint')} type="file" accept=".csv,text/csv" required onChange={(e) => setFile(e.target.files?.[0] ?? null)} error={errors.fields.file} />
        <button type="submit" disabled={busy || !file}>
          {t('placement.upload')}
        </button>
      </form>
      {importId && <ImportProgress id={importId} />}
    </>
  );
}

function ImportProgress({ id }: { id: string }) {
  const { t } = useI18n();
  const label = useEnum();
  const placement = useQuery({
    queryKey: ['imports', id],
    queryFn: () => must(api.GET('/v1/imports/{id}', { params: { path: { id } } })),
    // Polled while it runs (GET /v1/imports/:id is the import's progress, DESIGN §11); stops at the end.
    refetchInterval: (query) => (query.state.data && ['completed', 'failed'].includes(query.state.data.status) ? false : 500),
  });
  return (
    <section aria-labelledby="progress-heading">
      <h2 id="progress-heading">{t('placement.progress')}</h2>
      <Loaded query={placement}>
        {(run) => (
          <>
            <progress max={100} value={run.progress.percent} aria-labelledby="progress-heading" aria-valuetext={`${run.progress.percent} %`} />
            <p data-testid="import-percent" aria-live="polite">
              {run.progress.percent} % · {t('placement.status', { status: label('status', run.status) })} · {t('placement.rows', { processed: run.progress.processed_rows, total: run.progress.total_rows ?? '—' })}
            </p>
            <p>{t('placement.counts', { ...run.counts })}</p>
            {run.errors.length > 0 && (
              <ul className="row-errors">
                {run.errors.slice(0, 10).map((e) => (
                  <li key={`${e.row}-${e.field}`}>{t('placement.rowError', { row: e.row, ref: e.external_ref ?? '—', field: e.field, message: e.message })}</li>
                ))}
              </ul>
            )}
            {run.failure && <p role="alert">{t('placement.failed', { reason: run.failure })}</p>}
            {run.errors_url && run.counts.rejected > 0 && (
              <button type="button" onClick={() => void download(run.errors_url!, `import-${run.id}-errors.csv`)}>
                {t('placement.errors')}
              </button>
            )}
          </>
        )}
      </Loaded>
    </section>
  );
}
