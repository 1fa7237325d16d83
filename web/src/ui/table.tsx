import type { ReactNode } from 'react';
import { useI18n } from '../i18n/i18n';

/** A list as a table that scrolls sideways on a phone, or "nothing here yet" when it is empty. */
export function Table<T>({ headers, items, row }: { headers: readonly string[]; items: readonly T[]; row: (item: T) => ReactNode }) {
  const { t } = useI18n();
  if (items.length === 0) return <p>{t('app.none')}</p>;
  return (
    <div className="table-wrap">
      <table>
        <thead>
          <tr>
            {headers.map((header) => (
              <th key={header} scope="col">
                {header}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>{items.map(row)}</tbody>
      </table>
    </div>
  );
}
