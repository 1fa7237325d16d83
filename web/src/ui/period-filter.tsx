import type { FormEvent } from 'react';
import { useI18n } from '../i18n/i18n';
import { TextField } from './form';

/** Days from and to (inclusive, UTC), as the API's `from` and `to` query parameters. */
export interface Period {
  readonly from?: string;
  readonly to?: string;
}

/** The filter form of a report by period (settlements, the portfolio). */
export function PeriodFilter({ draft, change, apply }: { draft: Period; change: (patch: Partial<Period>) => void; apply: (event: FormEvent) => void }) {
  const { t } = useI18n();
  return (
    <form onSubmit={apply} className="filters" aria-label={t('cases.filters')}>
      <TextField label={t('settlements.from')} type="date" value={draft.from ?? ''} onChange={(e) => change({ from: e.target.value || undefined })} />
      <TextField label={t('settlements.to')} type="date" value={draft.to ?? ''} onChange={(e) => change({ to: e.target.value || undefined })} />
      <button type="submit">{t('cases.apply')}</button>
    </form>
  );
}
