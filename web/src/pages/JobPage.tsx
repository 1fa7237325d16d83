import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { api, blobUrl, must, type Schemas } from '../api/client';
import { CONTACT_CHANNELS, CONTACT_KINDS, CONTACT_OUTCOMES, inventory, inZone, isActive, localToIso, OUTCOMES, RECOVERY_MODES, slaState } from '../field/field';
import { formatDateTime, useI18n, useEnum } from '../i18n/i18n';
import { Link } from '../router';
import { FormProblems, SelectField, TextArea, TextField } from '../ui/form';
import { Loaded, useSubmit } from '../ui/status';
import { JobCard } from './Jobs';

type Job = Schemas['Job'];
type WorkCase = Schemas['WorkCase'];

/** One job: its state, SLA, hold and progress for both sides; the partner reports from here (on a phone). */
export function JobPage({ id, partner }: { id: string; partner: boolean }) {
  const { t } = useI18n();
  const job = useQuery({ queryKey: ['jobs', id, 'one'], queryFn: () => must(api.GET('/v1/jobs/{id}', { params: { path: { id } } })) });
  return (
    <>
      <p>
        <Link href="/jobs">{t('app.back')}</Link>
      </p>
      <Loaded query={job}>
        {(one) => (
          <>
            <h1>{one.title}</h1>
            <JobFacts job={one} />
            {one.status === 'offered' && (
              <ul className="cards">
                <JobCard job={one} partner={partner} />
              </ul>
            )}
            {partner && isActive(one) && <PartnerWork job={one} />}
            <Progress job={one} />
          </>
        )}
      </Loaded>
    </>
  );
}

function JobFacts({ job }: { job: Job }) {
  const { t, language } = useI18n();
  const label = useEnum();
  const sla = slaState(job, new Date());
  return (
    <dl className="facts">
      <div>
        <dt>{t('jobs.status')}</dt>
        <dd data-testid="job-status">{label('status', job.status)}</dd>
      </div>
      <div>
        <dt>{t('job.kind')}</dt>
        <dd>
          {label('work', job.kind)} · {label('role', job.role)} · {t('jobs.cases', { count: job.case_ids.length })}
        </dd>
      </div>
      <div>
        <dt>{t('job.sla')}</dt>
        <dd data-testid="sla-state">{sla ? t(sla.late ? `job.sla.${sla.step}.late` : `job.sla.${sla.step}`, { when: formatDateTime(language, sla.due) }) : '—'}</dd>
      </div>
      <div>
        <dt>{t('job.lastProgress')}</dt>
        <dd>{job.last_progress_at ? formatDateTime(language, job.last_progress_at) : '—'}</dd>
      </div>
      {job.hold && (
        <div>
          <dt>{t('job.hold')}</dt>
          <dd data-testid="hold">
            {t('job.holdSince', { reason: job.hold.reason ?? '—', when: job.hold.held_at ? formatDateTime(language, job.hold.held_at) : '—' })}{' '}
            {job.hold.acknowledged_at ? t('job.holdAcknowledged', { when: formatDateTime(language, job.hold.acknowledged_at) }) : t('job.holdAwaiting')}
          </dd>
        </div>
      )}
      {job.outcome && (
        <div>
          <dt>{t('job.outcome')}</dt>
          <dd>{job.outcome ? label('outcome', job.outcome) : '—'}</dd>
        </div>
      )}
    </dl>
  );
}

/** The partner's few taps: lifecycle moves, a contact attempt checked first, a recovery with photos, the letter. */
function PartnerWork({ job }: { job: Job }) {
  const cases = job.work?.cases ?? [];
  return (
    <>
      <Lifecycle job={job} />
      {job.status !== 'on_hold' && CONTACT_KINDS.includes(job.kind) && cases.length > 0 && <ContactAttempt job={job} cases={cases} />}
      {job.kind === 'repossession' && <Recovery job={job} />}
      {job.kind === 'repossession' && job.status !== 'on_hold' && <Letter job={job} />}
    </>
  );
}

function useJobUpdate(job: Job) {
  const queries = useQueryClient();
  return async (updated?: Job) => {
    if (updated) queries.setQueryData(['jobs', job.id, 'one'], updated);
    await queries.invalidateQueries({ queryKey: ['jobs'] });
  };
}

function Lifecycle({ job }: { job: Job }) {
  const { t } = useI18n();
  const label = useEnum();
  const update = useJobUpdate(job);
  const outcomes = OUTCOMES[job.kind];
  const [outcome, setOutcome] = useState<(typeof outcomes)[number]>(outcomes[0]!);
  const [reason, setReason] = useState('');
  const { errors, busy, run } = useSubmit(['outcome', 'reason']);
  const path = { params: { path: { id: job.id } } };
  return (
    <section className="card" aria-labelledby="lifecycle">
      <h2 id="lifecycle">{t('job.lifecycle')}</h2>
      <div className="actions">
        <FormProblems errors={errors} />
        {job.status === 'on_hold' && !job.hold?.acknowledged_at && (
          <button type="button" onClick={() => void run(async () => update(await must(api.POST('/v1/jobs/{id}/acknowledge-hold', path))))} disabled={busy}>
            {t('job.acknowledgeHold')}
          </button>
        )}
        {job.status === 'accepted' && (
          <button type="button" onClick={() => void run(async () => update(await must(api.POST('/v1/jobs/{id}/start', path))))} disabled={busy}>
            {t('job.start')}
          </button>
        )}
        {job.status === 'in_progress' && (
          <>
            <SelectField label={t('job.outcomeField')} value={outcome} onChange={(e) => setOutcome(e.target.value as typeof outcome)} error={errors.fields.outcome}>
              {outcomes.map((o) => (
                <option key={o} value={o}>
                  {label('outcome', o)}
                </option>
              ))}
            </SelectField>
            <button type="button" onClick={() => void run(async () => update(await must(api.POST('/v1/jobs/{id}/complete', { ...path, body: { outcome } }))))} disabled={busy}>
              {t('job.complete')}
            </button>
          </>
        )}
        {job.status !== 'on_hold' && (
          <>
            <TextField label={t('job.returnReason')} value={reason} onChange={(e) => setReason(e.target.value)} error={errors.fields.reason} />
            <button type="button" className="secondary" onClick={() => void run(async () => update(await must(api.POST('/v1/jobs/{id}/return', { ...path, body: { reason } }))))} disabled={busy}>
              {t('job.return')}
            </button>
          </>
        )}
      </div>
    </section>
  );
}

const CONTACT_FIELDS = ['case_id', 'channel', 'outcome', 'occurred_at', 'recording_ref', 'duration_seconds'];

/** A contact attempt: the compliance check's answer for the chosen case, channel and time first, then the report. */
function ContactAttempt({ job, cases }: { job: Job; cases: readonly WorkCase[] }) {
  const { t } = useI18n();
  const label = useEnum();
  const update = useJobUpdate(job);
  const [caseId, setCaseId] = useState(cases[0]!.id);
  const [channel, setChannel] = useState<(typeof CONTACT_CHANNELS)[number]>('call');
  const [outcome, setOutcome] = useState<(typeof CONTACT_OUTCOMES)[number]>('no_answer');
  const [when, setWhen] = useState('');
  const [recording, setRecording] = useState('');
  const [done, setDone] = useState(false);
  const { errors, busy, run } = useSubmit(CONTACT_FIELDS);
  const zone = cases.find((c) => c.id === caseId)?.borrower.timezone;
  const at = localToIso(when);
  const check = useQuery({
    queryKey: ['compliance-check', caseId, channel, at ?? 'now'],
    queryFn: () => must(api.POST('/v1/compliance/check', { body: { case_id: caseId, channel, at } })),
  });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    setDone(false);
    void run(async () => {
      await must(
        api.POST('/v1/jobs/{id}/events', {
          params: { path: { id: job.id } },
          body: { type: 'contact_attempt', case_id: caseId, channel, outcome, occurred_at: at, recording_ref: recording || undefined },
        }),
      );
      setDone(true);
      await update();
    });
  };
  return (
    <section className="card" aria-labelledby="contact">
      <h2 id="contact">{t('contact.title')}</h2>
      <form onSubmit={submit} noValidate>
        {cases.length > 1 && (
          <SelectField label={t('contact.case')} value={caseId} onChange={(e) => setCaseId(e.target.value)} error={errors.fields.case_id}>
            {cases.map((c) => (
              <option key={c.id} value={c.id}>
                {c.external_ref} · {c.borrower.name}
              </option>
            ))}
          </SelectField>
        )}
        <SelectField label={t('contact.channel')} value={channel} onChange={(e) => setChannel(e.target.value as typeof channel)} error={errors.fields.channel}>
          {CONTACT_CHANNELS.map((c) => (
            <option key={c} value={c}>
              {label('channel', c)}
            </option>
          ))}
        </SelectField>
        <TextField label={t('contact.when')} hint={t('contact.whenHint')} type="datetime-local" value={when} onChange={(e) => setWhen(e.target.value)} error={errors.fields.occurred_at} />
        <div aria-live="polite" data-testid="compliance-answer">
          <Loaded query={check}>
            {(answer) => <ComplianceAnswer answer={answer} zone={zone} />}
          </Loaded>
        </div>
        <SelectField label={t('contact.outcome')} value={outcome} onChange={(e) => setOutcome(e.target.value as typeof outcome)} error={errors.fields.outcome}>
          {CONTACT_OUTCOMES.map((o) => (
            <option key={o} value={o}>
              {label('outcome', o)}
            </option>
          ))}
        </SelectField>
        <TextField label={t('contact.recording')} value={recording} onChange={(e) => setRecording(e.target.value)} error={errors.fields.recording_ref} />
        <FormProblems errors={errors} />
        {done && <p role="status">{t('contact.logged')}</p>}
        <button type="submit" disabled={busy}>
          {t('contact.submit')}
        </button>
      </form>
    </section>
  );
}

/** The check's answer: allowed, or when it would be (in the borrower's zone) and each rule's sentence. */
export function ComplianceAnswer({ answer, zone }: { answer: Schemas['ComplianceCheck']; zone: string | undefined }) {
  const { t, language } = useI18n();
  if (answer.allowed) return <p className="allowed">{t('contact.allowed')}</p>;
  return (
    <div className="refused">
      <p>
        <strong>{answer.next_allowed_at ? t('contact.notBefore', { when: inZone(language, answer.next_allowed_at, zone) }) : t('contact.notAllowed')}</strong>
      </p>
      <ul>
        {answer.reasons.map((r) => (
          <li key={r.code}>{r.message}</li>
        ))}
      </ul>
    </div>
  );
}

/** A recovery: photos straight from the phone's camera, uploaded as evidence, named on the report with the inventory. */
function Recovery({ job }: { job: Job }) {
  const { t } = useI18n();
  const label = useEnum();
  const update = useJobUpdate(job);
  const effects = useQuery({ queryKey: ['jobs', job.id, 'effects'], queryFn: () => must(api.GET('/v1/jobs/{id}/personal-effects', { params: { path: { id: job.id } } })) });
  const [mode, setMode] = useState<(typeof RECOVERY_MODES)[number]>('involuntary');
  const [odometer, setOdometer] = useState('');
  const [keys, setKeys] = useState(false);
  const [notes, setNotes] = useState('');
  const [items, setItems] = useState('');
  const [photos, setPhotos] = useState<File[]>([]);
  const [done, setDone] = useState(false);
  const { errors, busy, run } = useSubmit(['mode', 'odometer', 'keys_recovered', 'condition_report', 'personal_property', 'photo_document_ids', 'file']);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    setDone(false);
    void run(async () => {
      const ids: string[] = [];
      for (const photo of photos) {
        const form = new FormData();
        form.append('kind', 'recovery_photo');
        form.append('file', photo);
        ids.push((await must(api.POST('/v1/jobs/{id}/evidence', { params: { path: { id: job.id } }, body: form as never, bodySerializer: (body) => body as unknown as FormData }))).id);
      }
      await must(
        api.POST('/v1/jobs/{id}/events', {
          params: { path: { id: job.id } },
          body: {
            type: 'vehicle_recovered',
            mode,
            odometer: Number(odometer),
            keys_recovered: keys,
            condition_report: notes ? { notes } : undefined,
            personal_property: inventory(items),
            photo_document_ids: ids,
          },
        }),
      );
      setDone(true);
      await Promise.all([update(), effects.refetch()]);
    });
  };
  return (
    <section className="card" aria-labelledby="recovery">
      <h2 id="recovery">{t('recovery.title')}</h2>
      <form onSubmit={submit} noValidate>
        <SelectField label={t('recovery.mode')} value={mode} onChange={(e) => setMode(e.target.value as typeof mode)} error={errors.fields.mode}>
          {RECOVERY_MODES.map((m) => (
            <option key={m} value={m}>
              {label('mode', m)}
            </option>
          ))}
        </SelectField>
        <TextField label={t('recovery.odometer')} inputMode="numeric" value={odometer} onChange={(e) => setOdometer(e.target.value)} error={errors.fields.odometer} />
        <label className="check">
          <input type="checkbox" checked={keys} onChange={(e) => setKeys(e.target.checked)} /> {t('recovery.keys')}
        </label>
        <TextArea label={t('recovery.notes')} value={notes} onChange={(e) => setNotes(e.target.value)} error={errors.fields.condition_report} />
        <TextField label={t('recovery.photos')} type="file" accept="image/*" capture="environment" multiple onChange={(e) => setPhotos([...(e.target.files ?? [])])} error={errors.fields.file ?? errors.fields.photo_document_ids} />
        <TextArea label={t('recovery.inventory')} hint={t('recovery.inventoryHint')} value={items} onChange={(e) => setItems(e.target.value)} error={errors.fields.personal_property} />
        <FormProblems errors={errors} />
        {done && <p role="status">{t('recovery.logged')}</p>}
        <button type="submit" disabled={busy}>
          {t('recovery.submit')}
        </button>
      </form>
      <h3>{t('recovery.inventoryKept')}</h3>
      <Loaded query={effects}>
        {(list) => (
          <ul>
            {list.data.length === 0 && <li>{t('app.none')}</li>}
            {list.data.map((item) => (
              <li key={item.id}>
                {item.description} {item.released_at ? `· ${t('recovery.released', { to: item.released_to ?? '—' })}` : ''}
              </li>
            ))}
          </ul>
        )}
      </Loaded>
    </section>
  );
}

/** The letter of authorisation: issued in the console's language and opened with the token (the route is protected). */
function Letter({ job }: { job: Job }) {
  const { t, language } = useI18n();
  const [letter, setLetter] = useState<{ url: string; code: string; verify: string } | null>(null);
  const { errors, busy, run } = useSubmit([]);
  const issue = () =>
    void run(async () => {
      const issued = await must(api.POST('/v1/jobs/{id}/authorisations', { params: { path: { id: job.id } }, body: { language } }));
      setLetter({ url: await blobUrl(issued.letter_path), code: issued.verification_code, verify: issued.verify_url });
    });
  return (
    <section className="card" aria-labelledby="letter">
      <h2 id="letter">{t('letter.title')}</h2>
      <FormProblems errors={errors} />
      <button type="button" onClick={issue} disabled={busy}>
        {t('letter.issue')}
      </button>
      {letter && (
        <p>
          <a href={letter.url} target="_blank" rel="noreferrer">
            {t('letter.open')}
          </a>{' '}
          · {t('letter.code', { code: letter.code })} · <a href={letter.verify}>{t('letter.verify')}</a>
        </p>
      )}
    </section>
  );
}

/** The job's progress events, newest first (GET /v1/jobs/{id}/events), for the lender and the partner. */
function Progress({ job }: { job: Job }) {
  const { t, language } = useI18n();
  const label = useEnum();
  const events = useQuery({ queryKey: ['jobs', job.id, 'events'], queryFn: () => must(api.GET('/v1/jobs/{id}/events', { params: { path: { id: job.id }, query: { limit: 50 } } })) });
  return (
    <section aria-labelledby="progress">
      <h2 id="progress">{t('job.progress')}</h2>
      <Loaded query={events}>
        {(page) => (
          <ol className="cards" data-testid="progress-events">
            {page.data.length === 0 && <li>{t('app.none')}</li>}
            {page.data.map((e) => (
              <li key={e.id} className="card">
                <strong>{label('type', e.type)}</strong> · {formatDateTime(language, e.occurred_at)}
                {e.after_hold && <> · {t('job.afterHold')}</>}
                {typeof e.outcome === 'string' && <> · {label('outcome', e.outcome)}</>}
              </li>
            ))}
          </ol>
        )}
      </Loaded>
    </section>
  );
}
