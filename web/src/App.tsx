import { useQuery } from '@tanstack/react-query';
import { useEffect, useSyncExternalStore, type ReactNode } from 'react';
import { api, must, session, type Schemas } from './api/client';
import { LANGUAGES, useI18n, type Language, useEnum } from './i18n/i18n';
import type { MessageKey } from './i18n/en';
import { Dashboard, Profile } from './pages/Home';
import { Inbox, useInbox } from './pages/Inbox';
import { JobPage } from './pages/JobPage';
import { Jobs } from './pages/Jobs';
import { ListingPage, Listings, NewListing } from './pages/Listings';
import { Login } from './pages/Login';
import { Ledger, PayoutAccount, Payouts, StatementPage, Statements } from './pages/Money';
import { Directory, Partners } from './pages/Partners';
import { ComplianceRules, Complaints } from './pages/Compliance';
import { CasePage, Cases } from './pages/Cases';
import { Placement } from './pages/Placement';
import { Webhooks } from './pages/Webhooks';
import { Catalogue, Deposits, InvoicePage, Invoices, LenderAuctions, LotPage, SecondChanceOffers } from './pages/Auctions';
import { ReleasePage, Releases } from './pages/Releases';
import { Portfolio } from './pages/Portfolio';
import { SettlementPage, Settlements } from './pages/Settlements';
import { VehiclePage, Vehicles } from './pages/Vehicles';
import { Link, match, usePath } from './router';
import { Loaded } from './ui/status';

type OrgKind = Schemas['Org']['kind'];
interface NavItem {
  readonly href: string;
  readonly label: MessageKey;
}

/** Each org kind's pages (DESIGN §1); auctions, ledger and compliance add their entries here. */
export const NAV: Record<OrgKind, readonly NavItem[]> = {
  lender: [
    { href: '/', label: 'nav.dashboard' },
    { href: '/placement', label: 'nav.placement' },
    { href: '/cases', label: 'nav.cases' },
    { href: '/listings', label: 'nav.listings' },
    { href: '/jobs', label: 'nav.jobs' },
    { href: '/vehicles', label: 'nav.vehicles' },
    { href: '/auctions', label: 'nav.auctions' },
    { href: '/releases', label: 'nav.releases' },
    { href: '/settlements', label: 'nav.settlements' },
    { href: '/portfolio', label: 'nav.portfolio' },
    { href: '/directory', label: 'nav.directory' },
    { href: '/ledger', label: 'nav.ledger' },
    { href: '/webhooks', label: 'nav.webhooks' },
  ],
  agency: [
    { href: '/listings', label: 'nav.listings' },
    { href: '/jobs', label: 'nav.jobs' },
    { href: '/statements', label: 'nav.statements' },
    { href: '/payouts', label: 'nav.payouts' },
    { href: '/payout-account', label: 'nav.payoutAccount' },
    { href: '/partner-profile', label: 'nav.profile' },
  ],
  tow_operator: [
    { href: '/listings', label: 'nav.listings' },
    { href: '/jobs', label: 'nav.jobs' },
    { href: '/releases', label: 'nav.releases' },
    { href: '/statements', label: 'nav.statements' },
    { href: '/payouts', label: 'nav.payouts' },
    { href: '/payout-account', label: 'nav.payoutAccount' },
    { href: '/partner-profile', label: 'nav.profile' },
  ],
  buyer: [
    { href: '/', label: 'nav.auctions' },
    { href: '/deposits', label: 'nav.deposits' },
    { href: '/invoices', label: 'nav.invoices' },
    { href: '/second-chance-offers', label: 'nav.offers' },
  ],
  platform: [
    { href: '/partners', label: 'nav.partners' },
    { href: '/compliance-rules', label: 'nav.rules' },
    { href: '/complaints', label: 'nav.complaints' },
    { href: '/settlements', label: 'nav.settlements' },
    { href: '/statements', label: 'nav.statements' },
  ],
};

/** The page for a path and org kind: `/` is each kind's main page. */
function page(path: string, kind: OrgKind, role: Schemas['Me']['role'], orgId: string): ReactNode {
  const lender = kind === 'lender';
  const partner = kind === 'agency' || kind === 'tow_operator';
  let params: Record<string, string> | null;
  if (path === '/notifications') return <Inbox />;
  if (path === '/') return lender ? <Dashboard /> : partner ? <Listings lender={false} /> : kind === 'platform' ? <Partners admin={role === 'admin'} /> : <Catalogue />;
  if (lender && path === '/placement') return <Placement />;
  if (lender && (params = match('/placement/:id', path))) return <Placement importId={params.id} />;
  if (lender && path === '/cases') return <Cases />;
  if (lender && (params = match('/cases/:id', path))) return <CasePage id={params.id!} />;
  if (lender && path === '/listings/new') return <NewListing />;
  if (path === '/listings') return <Listings lender={lender} />;
  if ((params = match('/listings/:id', path))) return <ListingPage id={params.id!} lender={lender} />;
  if (path === '/jobs') return <Jobs partner={partner} />;
  if ((params = match('/jobs/:id', path))) return <JobPage id={params.id!} partner={partner} />;
  if (partner && path === '/partner-profile') return <Profile />;
  if (kind === 'platform' && path === '/partners') return <Partners admin={role === 'admin'} />;
  if (kind === 'platform' && path === '/compliance-rules') return <ComplianceRules />;
  if (kind === 'platform' && path === '/complaints') return <Complaints />;
  if (lender && path === '/vehicles') return <Vehicles />;
  if (lender && (params = match('/vehicles/:id', path))) return <VehiclePage id={params.id!} />;
  if (lender && path === '/auctions') return <LenderAuctions />;
  if (kind === 'buyer' && path === '/auctions') return <Catalogue />;
  if ((lender || kind === 'buyer' || kind === 'platform') && (params = match('/auctions/:id', path))) return <LotPage id={params.id!} buyer={kind === 'buyer'} />;
  if (kind === 'buyer' && path === '/deposits') return <Deposits />;
  if (kind === 'buyer' && path === '/invoices') return <Invoices />;
  if (kind === 'buyer' && path === '/second-chance-offers') return <SecondChanceOffers />;
  // The yard's work list: the tow operator holding the vehicle, or the lender when no tow stored it (docs/auctions.md "Release order").
  if ((kind === 'tow_operator' || lender) && path === '/releases') return <Releases />;
  // The e-mails link here (src/notifications/domain/email-templates.ts): the yard's order, the buyer's code.
  if ((kind === 'tow_operator' || lender || kind === 'buyer' || kind === 'platform') && (params = match('/releases/:id', path))) return <ReleasePage id={params.id!} orgId={orgId} />;
  if ((kind === 'buyer' || lender || kind === 'platform') && (params = match('/invoices/:id', path))) return <InvoicePage id={params.id!} buyer={kind === 'buyer'} />;
  // Settlements are the lender's and platform staff's (src/settlement/settlements.controller.ts).
  if ((lender || kind === 'platform') && path === '/settlements') return <Settlements />;
  if ((lender || kind === 'platform') && (params = match('/settlements/:id', path))) return <SettlementPage id={params.id!} />;
  if ((lender || kind === 'platform') && path === '/portfolio') return <Portfolio />;
  if (lender && path === '/webhooks') return <Webhooks />;
  if (lender && path === '/directory') return <Directory />;
  if (path === '/ledger') return <Ledger />;
  // Statements are the partners' (src/payments/statements.controller.ts): lenders are refused them.
  if (!lender && path === '/statements') return <Statements partner={partner} />;
  if (!lender && (params = match('/statements/:id', path))) return <StatementPage id={params.id!} partner={partner} />;
  if (partner && path === '/payouts') return <Payouts />;
  // Stripe's onboarding return and refresh URLs (src/payments/stripe/payout-accounts.service.ts).
  if (partner && (path === '/payout-account' || path === '/console/payout-account')) return <PayoutAccount />;
  return <Inbox />;
}

function LanguageSwitch() {
  const { t, language, setLanguage } = useI18n();
  return (
    <label className="language">
      {t('app.language')}{' '}
      <select value={language} onChange={(e) => setLanguage(e.target.value as Language)}>
        {LANGUAGES.map((l) => (
          <option key={l} value={l} lang={l}>
            {l === 'en' ? 'English' : '简体中文'}
          </option>
        ))}
      </select>
    </label>
  );
}

function Shell({ me }: { me: Schemas['Me'] }) {
  const { t } = useI18n();
  const label = useEnum();
  const path = usePath();
  const inbox = useInbox();
  const unread = inbox.data?.unread_count ?? 0;
  useEffect(() => {
    window.scrollTo(0, 0);
  }, [path]);
  return (
    <>
      <a className="skip" href="#content">
        {t('app.skip')}
      </a>
      <header>
        <strong className="brand">{t('app.name')}</strong>
        <span className="who">
          {me.org.name} · {label('kind', me.org.kind)}
        </span>
        <nav aria-label={t('nav.main')}>
          <ul>
            {NAV[me.org.kind].map((item) => (
              <li key={item.href}>
                <Link href={item.href} aria-current={path === item.href ? 'page' : undefined}>
                  {t(item.label)}
                </Link>
              </li>
            ))}
            <li>
              <Link href="/notifications" aria-current={path === '/notifications' ? 'page' : undefined} aria-label={t('nav.inboxUnread', { count: unread })}>
                {t('nav.inbox')} <span className="badge" data-testid="unread-count">{unread}</span>
              </Link>
            </li>
          </ul>
        </nav>
        <LanguageSwitch />
        <button type="button" className="secondary" onClick={() => session.clear()}>
          {t('app.signOut')}
        </button>
      </header>
      <main id="content">{page(path, me.org.kind, me.role, me.org.id)}</main>
    </>
  );
}

export function App() {
  const signedIn = useSyncExternalStore((notify) => session.onChange(notify), () => session.signedIn());
  const me = useQuery({ queryKey: ['me', signedIn], queryFn: () => must(api.GET('/v1/me')), enabled: signedIn });
  if (!signedIn) return <Login />;
  // A refused refresh token ends the session (api/session.ts), which shows the login again; any
  // other failure to read /v1/me is shown with a retry rather than signing the person out.
  if (!me.data)
    return (
      <main id="content">
        <Loaded query={me}>{() => null}</Loaded>
      </main>
    );
  return <Shell me={me.data} />;
}
