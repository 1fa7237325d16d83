import type { UseQueryResult } from '@tanstack/react-query';
import { useState, type ReactNode } from 'react';
import { formErrors, NO_ERRORS, type FormErrors } from '../api/problem';
import { useI18n } from '../i18n/i18n';

/** A query's loading and failure states, the same on every page. */
export function Loaded<T>({ query, children }: { query: UseQueryResult<T>; children: (data: T) => ReactNode }) {
  const { t } = useI18n();
  if (query.isPending) return <p aria-busy="true">{t('app.loading')}</p>;
  if (query.isError)
    return (
      <div role="alert" className="form-problems">
        <p>{(query.error as { detail?: string; title?: string }).detail ?? (query.error as { title?: string }).title ?? t('app.error')}</p>
        <button type="button" onClick={() => void query.refetch()}>
          {t('app.retry')}
        </button>
      </div>
    );
  return <>{children(query.data)}</>;
}

/** A form's submit: busy while it runs, its refusal mapped onto the form's fields. */
export function useSubmit(formFields: readonly string[]) {
  const { t } = useI18n();
  const [errors, setErrors] = useState<FormErrors>(NO_ERRORS);
  const [busy, setBusy] = useState(false);
  const run = async (action: () => Promise<unknown>): Promise<boolean> => {
    setBusy(true);
    setErrors(NO_ERRORS);
    try {
      await action();
      return true;
    } catch (problem) {
      setErrors(formErrors(problem, formFields, t('app.error')));
      return false;
    } finally {
      setBusy(false);
    }
  };
  return { errors, busy, run };
}
