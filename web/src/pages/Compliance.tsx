import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { api, must, type Schemas } from '../api/client';
import { fieldMessages, latestPerJurisdiction, parseRules, rulesText } from '../compliance/rules';
import { formatDateTime, useI18n, useEnum } from '../i18n/i18n';
import { FormProblems, SelectField, TextArea, TextField } from '../ui/form';
import { Loaded, useSubmit } from '../ui/status';

type RuleSet = Schemas['ComplianceRuleSet'];

/** Platform staff: the contact rules in force per jurisdiction, and the next version written as JSON. */
export function ComplianceRules() {
  const { t, language } = useI18n();
  const label = useEnum();
  const sets = useQuery({ queryKey: ['compliance-rules'], queryFn: () => must(api.GET('/v1/admin/compliance-rules')) });
  return (
    <>
      <h1>{t('rules.title')}</h1>
      <Loaded query={sets}>
        {(list) => {
          const latest = latestPerJurisdiction(list.data);
          return (
            <>
              <RulesEditor sets={latest} />
              {latest.map((set) => (
                <section key={set.id} className="card" aria-labelledby={`set-${set.id}`}>
                  <h2 id={`set-${set.id}`}>{t('rules.set', { jurisdiction: set.jurisdiction, version: set.version })}</h2>
                  <p className="meta">{t('rules.effective', { when: formatDateTime(language, set.effective_from) })}</p>
                  <div className="table-wrap">
                    <table>
                      <thead>
                        <tr>
                          <th scope="col">{t('rules.code')}</th>
                          <th scope="col">{t('rules.kind')}</th>
                          <th scope="col">{t('rules.citation')}</th>
                        </tr>
                      </thead>
                      <tbody>
                        {set.rules.map((rule) => (
                          <tr key={rule.code}>
                            <td>{rule.code}</td>
                            <td>{label('kind', rule.kind)}</td>
                            <td>{rule.citation}</td>
                          </tr>
                        ))}
                      </tbody>
                    </table>
                  </div>
                </section>
              ))}
            </>
          );
        }}
      </Loaded>
    </>
  );
}

function RulesEditor({ sets }: { sets: readonly RuleSet[] }) {
  const { t } = useI18n();
  const queries = useQueryClient();
  const [jurisdiction, setJurisdiction] = useState(sets[0]?.jurisdiction ?? '*');
  const [text, setText] = useState(() => rulesText(sets[0]));
  const [problems, setProblems] = useState<string[]>([]);
  const [saved, setSaved] = useState<number | null>(null);
  const [busy, setBusy] = useState(false);
  const pick = (value: string) => {
    setJurisdiction(value);
    setText(rulesText(sets.find((s) => s.jurisdiction === value)));
    setProblems([]);
  };
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setSaved(null);
    const parsed = parseRules(text);
    if ('error' in parsed) return setProblems([t('rules.notJson', { reason: parsed.error })]);
    setBusy(true);
    try {
      const written = await must(api.PUT('/v1/admin/compliance-rules', { body: { jurisdiction, rules: parsed.rules } }));
      setProblems([]);
      setSaved(written.version);
      await queries.invalidateQueries({ queryKey: ['compliance-rules'] });
    } catch (problem) {
      setProblems(fieldMessages(problem, t('app.error')));
    } finally {
      setBusy(false);
    }
  };
  return (
    <form onSubmit={(e) => void submit(e)} noValidate className="wide">
      <h2>{t('rules.edit')}</h2>
      <SelectField label={t('rules.jurisdiction')} value={jurisdiction} onChange={(e) => pick(e.target.value)}>
        {sets.map((s) => (
          <option key={s.jurisdiction} value={s.jurisdiction}>
            {s.jurisdiction}
          </option>
        ))}
      </SelectField>
      <TextArea label={t('rules.json')} hint={t('rules.jsonHint')} className="code" rows={16} spellCheck={false} value={text} onChange={(e) => setText(e.target.value)} error={problems.length ? t('rules.refused') : undefined} />
      <FormProblems errors={{ fields: {}, general: problems }} />
      {saved !== null && <p role="status">{t('rules.saved', { version: saved })}</p>}
      <button type="submit" disabled={busy}>
        {t('rules.save')}
      </button>
    </form>
  );
}

const COMPLAINT_STATUSES = ['open', 'investigating', 'upheld', 'dismissed'] as const;

/** Platform staff: complaints against partners, taken from open through investigating to upheld or dismissed. */
export function Complaints() {
  const { t } = useI18n();
  const label = useEnum();
  const [status, setStatus] = useState<(typeof COMPLAINT_STATUSES)[number] | ''>('open');
  const complaints = useQuery({ queryKey: ['complaints', status], queryFn: () => must(api.GET('/v1/complaints', { params: { query: { limit: 50, status: status || undefined } } })) });
  return (
    <>
      <h1>{t('complaints.title')}</h1>
      <form className="filters" onSubmit={(e) => e.preventDefault()}>
        <SelectField label={t('complaints.status')} value={status} onChange={(e) => setStatus(e.target.value as typeof status)}>
          <option value="">{t('cases.any')}</option>
          {COMPLAINT_STATUSES.map((s) => (
            <option key={s} value={s}>
              {label('status', s)}
            </option>
          ))}
        </SelectField>
      </form>
      <Loaded query={complaints}>
        {(page) => (
          <ul className="cards">
            {page.data.length === 0 && <li>{t('app.none')}</li>}
            {page.data.map((c) => (
              <ComplaintCard key={c.id} complaint={c} />
            ))}
          </ul>
        )}
      </Loaded>
    </>
  );
}

function ComplaintCard({ complaint: c }: { complaint: Schemas['Complaint'] }) {
  const { t, language } = useI18n();
  const label = useEnum();
  const queries = useQueryClient();
  const [reason, setReason] = useState('');
  const { errors, busy, run } = useSubmit(['reason']);
  const decide = (action: 'investigate' | 'uphold' | 'dismiss') =>
    void run(async () => {
      const path = { params: { path: { id: c.id } }, body: { reason } };
      if (action === 'investigate') await must(api.POST('/v1/complaints/{id}/investigate', path));
      else if (action === 'uphold') await must(api.POST('/v1/complaints/{id}/uphold', path));
      else await must(api.POST('/v1/complaints/{id}/dismiss', path));
      setReason('');
      await queries.invalidateQueries({ queryKey: ['complaints'] });
    });
  const open = c.status === 'open' || c.status === 'investigating';
  return (
    <li className="card" aria-labelledby={`complaint-${c.id}`}>
      <h2 id={`complaint-${c.id}`}>
        {label('category', c.category)} · {label('status', c.status)}
      </h2>
      <p>{c.description}</p>
      <p className="meta">
        {formatDateTime(language, c.created_at)}
        {c.on_behalf_of_borrower && <> · {t('complaints.borrower')}</>}
        {c.resolution_reason && <> · {c.resolution_reason}</>}
      </p>
      {open && (
        <div className="actions">
          <FormProblems errors={errors} />
          <TextField label={t('complaints.reason')} value={reason} onChange={(e) => setReason(e.target.value)} error={errors.fields.reason} />
          {c.status === 'open' && (
            <button type="button" className="secondary" onClick={() => decide('investigate')} disabled={busy}>
              {t('complaints.investigate')}
            </button>
          )}
          <button type="button" onClick={() => decide('uphold')} disabled={busy}>
            {t('complaints.uphold')}
          </button>
          <button type="button" className="secondary" onClick={() => decide('dismiss')} disabled={busy}>
            {t('complaints.dismiss')}
          </button>
        </div>
      )}
    </li>
  );
}
