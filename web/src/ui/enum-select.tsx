import type { EnumFamily } from '../i18n/enums.en';
import { useEnum, useI18n } from '../i18n/i18n';
import { SelectField } from './form';

/** A filter on one of the API's enums, each value in the console's words, "any" first. */
export function EnumSelect<V extends string>({ label, family, values, value, onChange }: { label: string; family: EnumFamily; values: readonly V[]; value: V | undefined; onChange: (value: V | undefined) => void }) {
  const { t } = useI18n();
  const word = useEnum();
  return (
    <SelectField label={label} value={value ?? ''} onChange={(e) => onChange((e.target.value || undefined) as V | undefined)}>
      <option value="">{t('cases.any')}</option>
      {values.map((v) => (
        <option key={v} value={v}>
          {word(family, v)}
        </option>
      ))}
    </SelectField>
  );
}
