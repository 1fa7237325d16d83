import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { api, download, must, type Schemas } from '../api/client';
import { formatDateTime, formatMoney, useI18n, useEnum } from '../i18n/i18n';
import { Link } from '../router';
import { FormProblems, SelectField, TextField } from '../ui/form';
import { Loaded, useSubmit } from '../ui/status';
import { toMinorUnits } from '../money/money';

type Statement = Schemas['Statement'];

/** The org's own ledger accounts (GET /v1/ledger/balances): what it is owed and owes, per currency. */
function Balances() {
  const { t, language } = useI18n();
  const label = useEnum();
  const balances = useQuery({ queryKey: ['ledger', 'balances'], queryFn: () => must(api.GET('/v1/ledger/balances', { params: { query: { limit: 100 } } })) });
  return (
    <section aria-labelledby="balances">
      <h2 id="balances">{t('money.balances')}</h2>
      <Loaded query={balances}>
        {(page) =>
          page.data.length === 0 ? (
            <p>{t('app.none')}</p>
          ) : (
            <div className="table-wrap">
              <table>
                <thead>
                  <tr>
                    <th scope="col">{t('money.account')}</th>
                    <th scope="col">{t('money.balance')}</th>
                    <th scope="col">{t('money.debits')}</th>
                    <th scope="col">{t('money.credits')}</th>
                  </tr>
                </thead>
                <tbody>
                  {page.data.map((b) => (
                    <tr key={b.account_id}>
                      <td>{label('purpose', b.purpose)}</td>
                      <td data-testid="ledger-balance">{formatMoney(language, b.balance)}</td>
                      <td>{formatMoney(language, b.debits)}</td>
                      <td>{formatMoney(language, b.credits)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )
        }
      </Loaded>
    </section>
  );
}

/** The org's ledger: balances and the transactions on its accounts, newest first, with the CSV export. */
export function Ledger() {
  const { t, language } = useI18n();
  const label = useEnum();
  const transactions = useQuery({ queryKey: ['ledger', 'transactions'], queryFn: () => must(api.GET('/v1/ledger/transactions', { params: { query: { limit: 50 } } })) });
  return (
    <>
      <h1>{t('money.ledger')}</h1>
      <Balances />
      <section aria-labelledby="transactions">
        <h2 id="transactions">{t('money.transactions')}</h2>
        <button type="button" className="secondary" onClick={() => void download('/v1/ledger/transactions/export.csv', 'ledger.csv')}>
          {t('money.transactionsCsv')}
        </button>
        <Loaded query={transactions}>
          {(page) => (
            <ul className="cards">
              {page.data.length === 0 && <li>{t('app.none')}</li>}
              {page.data.map((tx) => (
                <li key={tx.id} className="card">
                  <strong>{label('reason', tx.reason)}</strong> · {formatDateTime(language, tx.posted_at)}
                  {tx.memo && <> · {tx.memo}</>}
                  <ul className="meta">
                    {tx.entries.map((e) => (
                      <li key={e.line}>
                        {label('purpose', e.purpose)} {label('side', e.side)} {formatMoney(language, e.amount)}
                      </li>
                    ))}
                  </ul>
                </li>
              ))}
            </ul>
          )}
        </Loaded>
      </section>
    </>
  );
}

/** Partner statements (a partner sees its own, platform staff all; lenders have none) with the ledger balances above them. */
export function Statements({ partner }: { partner: boolean }) {
  const { t, language } = useI18n();
  const label = useEnum();
  const statements = useQuery({ queryKey: ['statements'], queryFn: () => must(api.GET('/v1/statements', { params: { query: { limit: 50 } } })) });
  return (
    <>
      <h1>{t('money.statements')}</h1>
      <Balances />
      {partner && <IssueStatement />}
      <section aria-labelledby="statement-list">
        <h2 id="statement-list">{t('money.statementList')}</h2>
        <Loaded query={statements}>
          {(page) => (
            <ul className="cards">
              {page.data.length === 0 && <li>{t('app.none')}</li>}
              {page.data.map((s) => (
                <li key={s.id} className="card">
                  <Link href={`/statements/${s.id}`}>{t('money.statementOf', { end: formatDateTime(language, s.period_end) })}</Link>
                  <p className="meta">
                    {label('kind', s.kind)} · {label('status', s.status)} · {t('money.lines', { count: s.line_count })} · {t('money.netPayable')}: {formatMoney(language, s.net_payable)}
                  </p>
                </li>
              ))}
            </ul>
          )}
        </Loaded>
      </section>
    </>
  );
}

function IssueStatement() {
  const { t } = useI18n();
  const queries = useQueryClient();
  const [currency, setCurrency] = useState('USD');
  const { errors, busy, run } = useSubmit(['currency']);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    void run(async () => {
      await must(api.POST('/v1/statements', { body: { currency } }));
      await queries.invalidateQueries({ queryKey: ['statements'] });
    });
  };
  return (
    <form onSubmit={submit} noValidate>
      <TextField label={t('money.currency')} value={currency} onChange={(e) => setCurrency(e.target.value.toUpperCase())} error={errors.fields.currency} />
      <FormProblems errors={errors} />
      <button type="submit" disabled={busy}>
        {t('money.issue')}
      </button>
    </form>
  );
}

/** One statement with its lines, the CSV, and (for the partner) its payout. */
export function StatementPage({ id, partner }: { id: string; partner: boolean }) {
  const { t, language } = useI18n();
  const label = useEnum();
  const one = useQuery({ queryKey: ['statements', id], queryFn: () => must(api.GET('/v1/statements/{id}', { params: { path: { id } } })) });
  return (
    <>
      <p>
        <Link href="/statements">{t('app.back')}</Link>
      </p>
      <Loaded query={one}>
        {(s) => (
          <>
            <h1>{t('money.statementOf', { end: formatDateTime(language, s.period_end) })}</h1>
            <StatementFacts statement={s} />
            <button type="button" className="secondary" onClick={() => void download(`/v1/statements/${s.id}/export.csv`, `statement-${s.id}.csv`)}>
              {t('money.csv')}
            </button>
            {partner && s.status === 'issued' && <PayStatement statement={s} />}
            <h2>{t('money.lineItems')}</h2>
            <div className="table-wrap">
              <table>
                <thead>
                  <tr>
                    <th scope="col">#</th>
                    <th scope="col">{t('money.kind')}</th>
                    <th scope="col">{t('money.recovered')}</th>
                    <th scope="col">{t('money.commission')}</th>
                    <th scope="col">{t('money.platformFee')}</th>
                    <th scope="col">{t('money.net')}</th>
                  </tr>
                </thead>
                <tbody>
                  {(s.lines ?? []).map((l) => (
                    <tr key={l.line}>
                      <td>{l.line}</td>
                      <td>{label('kind', l.kind)}</td>
                      <td>{formatMoney(language, l.recovered)}</td>
                      <td>{formatMoney(language, l.commission)}</td>
                      <td>{formatMoney(language, l.platform_fee)}</td>
                      <td>{formatMoney(language, l.net)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          </>
        )}
      </Loaded>
    </>
  );
}

function StatementFacts({ statement: s }: { statement: Statement }) {
  const { t, language } = useI18n();
  const rows: [string, string][] = [
    [t('money.status'), s.status],
    [t('money.lenderOwes'), formatMoney(language, s.lender_owes)],
    [t('money.platformKeeps'), formatMoney(language, s.platform_keeps)],
    [t('money.carriedForward'), formatMoney(language, s.carried_forward)],
    [t('money.netPayable'), formatMoney(language, s.net_payable)],
    [t('money.paidAt'), s.payout?.paid_at ? formatDateTime(language, s.payout.paid_at) : '—'],
  ];
  return (
    <dl className="facts">
      {rows.map(([label, value]) => (
        <div key={label}>
          <dt>{label}</dt>
          <dd>{value}</dd>
        </div>
      ))}
    </dl>
  );
}

/** The partner pays its issued statement out to its connected Stripe account (POST /v1/payouts). */
function PayStatement({ statement }: { statement: Statement }) {
  const { t } = useI18n();
  const queries = useQueryClient();
  const { errors, busy, run } = useSubmit([]);
  const pay = () =>
    void run(async () => {
      await must(api.POST('/v1/payouts', { body: { statement_id: statement.id } }));
      await queries.invalidateQueries({ queryKey: ['statements'] });
      await queries.invalidateQueries({ queryKey: ['payouts'] });
    });
  return (
    <div className="actions">
      <FormProblems errors={errors} />
      <button type="button" onClick={pay} disabled={busy}>
        {t('money.payOut')}
      </button>
    </div>
  );
}

/** The partner's payouts, newest first. */
export function Payouts() {
  const { t, language } = useI18n();
  const label = useEnum();
  const payouts = useQuery({ queryKey: ['payouts'], queryFn: () => must(api.GET('/v1/payouts', { params: { query: { limit: 50 } } })) });
  return (
    <>
      <h1>{t('money.payouts')}</h1>
      <Loaded query={payouts}>
        {(page) => (
          <ul className="cards">
            {page.data.length === 0 && <li>{t('app.none')}</li>}
            {page.data.map((p) => (
              <li key={p.id} className="card">
                <strong>{formatMoney(language, p.amount)}</strong> · {label('method', p.method)} · {label('status', p.status)} · {formatDateTime(language, p.created_at)}
                {p.failure && <p className="field-error">{p.failure.message}</p>}
                {p.statement_id && (
                  <p>
                    <Link href={`/statements/${p.statement_id}`}>{t('money.statement')}</Link>
                  </p>
                )}
              </li>
            ))}
          </ul>
        )}
      </Loaded>
    </>
  );
}

/**
 * The Stripe payout account: its status and what Stripe still needs; the onboarding link is asked for
 * fresh on each click (single use). Stripe sends the partner back here (`/console/payout-account`).
 */
export function PayoutAccount() {
  const { t, language } = useI18n();
  const back = new URLSearchParams(window.location.search).get('onboarding');
  const account = useQuery({ queryKey: ['payout-account'], queryFn: () => must(api.GET('/v1/partner-profile/payout-account')), retry: false });
  const { errors, busy, run } = useSubmit([]);
  const onboard = () =>
    void run(async () => {
      const answer = await must(api.POST('/v1/partner-profile/payout-account'));
      if (answer.onboarding_url) window.location.assign(answer.onboarding_url);
    });
  const missing = account.isError && (account.error as { status?: number }).status === 404;
  return (
    <>
      <h1>{t('payoutAccount.title')}</h1>
      {back === 'returned' && <p role="status">{t('payoutAccount.returned')}</p>}
      {back === 'expired' && <p role="status">{t('payoutAccount.expired')}</p>}
      {missing ? (
        <p>{t('payoutAccount.none')}</p>
      ) : (
        <Loaded query={account}>
          {(a) => (
            <dl className="facts">
              <div>
                <dt>{t('payoutAccount.status')}</dt>
                <dd data-testid="payout-account-status">{a.status}</dd>
              </div>
              <div>
                <dt>{t('payoutAccount.payouts')}</dt>
                <dd>{a.payouts_enabled ? t('payoutAccount.yes') : t('payoutAccount.no')}</dd>
              </div>
              <div>
                <dt>{t('payoutAccount.due')}</dt>
                <dd>{a.requirements_due.length ? a.requirements_due.join(', ') : '—'}</dd>
              </div>
              <div>
                <dt>{t('payoutAccount.updated')}</dt>
                <dd>{formatDateTime(language, a.updated_at)}</dd>
              </div>
            </dl>
          )}
        </Loaded>
      )}
      <div className="actions">
        <FormProblems errors={errors} />
        {!(account.data?.status === 'enabled') && (
          <button type="button" onClick={onboard} disabled={busy}>
            {missing ? t('payoutAccount.start') : t('payoutAccount.continue')}
          </button>
        )}
      </div>
    </>
  );
}

const METHODS = ['ach', 'card', 'cash', 'check', 'wire', 'other'] as const;

/** The lender confirms a payment the borrower made on a case; the API allocates it and prices the commission. */
export function CasePayments({ caseId, currency }: { caseId: string; currency: string }) {
  const { t, language } = useI18n();
  const label = useEnum();
  const queries = useQueryClient();
  const payments = useQuery({ queryKey: ['cases', caseId, 'payments'], queryFn: () => must(api.GET('/v1/cases/{id}/payments', { params: { path: { id: caseId }, query: { limit: 50 } } })) });
  const [amount, setAmount] = useState('');
  const [receivedOn, setReceivedOn] = useState(() => new Date().toISOString().slice(0, 10));
  const [method, setMethod] = useState<(typeof METHODS)[number]>('ach');
  const [reference, setReference] = useState('');
  // One key per payment being typed: a repeated submit (a retry after a lost answer) is the same payment.
  const [key, setKey] = useState(() => crypto.randomUUID());
  const { errors, busy, run } = useSubmit(['amount', 'received_on', 'method', 'reference']);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    void run(async () => {
      const minor = toMinorUnits(amount, currency);
      if (minor === null) throw { status: 400, code: 'validation.failed', title: '', errors: [{ field: 'amount', message: t('money.amountInvalid') }] };
      await must(api.POST('/v1/cases/{id}/payments', { params: { path: { id: caseId } }, headers: { 'Idempotency-Key': key }, body: { amount: { amount: minor, currency }, received_on: receivedOn, method, reference } }));
      setKey(crypto.randomUUID());
      setAmount('');
      setReference('');
      await queries.invalidateQueries({ queryKey: ['cases', caseId] });
    });
  };
  return (
    <section aria-labelledby="payments">
      <h2 id="payments">{t('money.payments')}</h2>
      <form onSubmit={submit} noValidate>
        <TextField label={t('money.amount', { currency })} inputMode="decimal" value={amount} onChange={(e) => setAmount(e.target.value)} error={errors.fields.amount} />
        <TextField label={t('money.receivedOn')} type="date" value={receivedOn} onChange={(e) => setReceivedOn(e.target.value)} error={errors.fields.received_on} />
        <SelectField label={t('money.method')} value={method} onChange={(e) => setMethod(e.target.value as typeof method)} error={errors.fields.method}>
          {METHODS.map((m) => (
            <option key={m} value={m}>
              {label('method', m)}
            </option>
          ))}
        </SelectField>
        <TextField label={t('money.reference')} value={reference} onChange={(e) => setReference(e.target.value)} error={errors.fields.reference} />
        <FormProblems errors={errors} />
        <button type="submit" disabled={busy}>
          {t('money.confirm')}
        </button>
      </form>
      <Loaded query={payments}>
        {(page) => (
          <ul className="cards">
            {page.data.length === 0 && <li>{t('app.none')}</li>}
            {page.data.map((p) => (
              <li key={p.id} className="card">
                <strong>{formatMoney(language, p.amount)}</strong> · {p.received_on} · {label('method', p.method)} · {p.reference} · {label('status', p.status)}
                <p className="meta">
                  {t('money.allocation', { fees: formatMoney(language, p.allocation.fees), interest: formatMoney(language, p.allocation.interest), principal: formatMoney(language, p.allocation.principal) })}
                </p>
              </li>
            ))}
          </ul>
        )}
      </Loaded>
    </section>
  );
}
