import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, must, type Schemas } from '../api/client';
import { formatDateTime, useI18n } from '../i18n/i18n';
import { Link } from '../router';
import { Loaded } from '../ui/status';

/** The inbox and its unread count (the nav's badge reads the same query). */
export const useInbox = () =>
  useQuery({ queryKey: ['notifications'], queryFn: () => must(api.GET('/v1/notifications', { params: { query: { limit: 50 } } })), refetchInterval: 15_000 });

/** Where a notification leads, by the ids its event carries (the same paths the e-mails link to). */
export function linkOf(notification: Schemas['Notification']): string | null {
  const data = notification.data as Record<string, unknown>;
  if (typeof data.job_id === 'string') return `/jobs/${data.job_id}`;
  if (typeof data.listing_id === 'string') return `/listings/${data.listing_id}`;
  if (typeof data.import_id === 'string') return `/placement/${data.import_id}`;
  if (typeof data.case_id === 'string') return `/cases/${data.case_id}`;
  return null;
}

export function Inbox() {
  const { t, language } = useI18n();
  const queries = useQueryClient();
  const inbox = useInbox();
  const done = () => queries.invalidateQueries({ queryKey: ['notifications'] });
  const markRead = useMutation({ mutationFn: (id: string) => must(api.POST('/v1/notifications/{id}/read', { params: { path: { id } } })), onSuccess: done });
  const markAll = useMutation({ mutationFn: () => must(api.POST('/v1/notifications/read-all')), onSuccess: done });
  return (
    <>
      <h1>{t('inbox.title')}</h1>
      <Loaded query={inbox}>
        {(page) => (
          <>
            <p>
              {t('inbox.unread', { count: page.unread_count })}{' '}
              {page.unread_count > 0 && (
                <button type="button" onClick={() => markAll.mutate()}>
                  {t('inbox.markAllRead')}
                </button>
              )}
            </p>
            {page.data.length === 0 && <p>{t('app.none')}</p>}
            <ul className="cards">
              {page.data.map((n) => {
                const href = linkOf(n);
                return (
                  <li key={n.id} className={n.read_at ? 'card' : 'card unread'}>
                    <h2>{n.title}</h2>
                    <p>{n.body}</p>
                    <p className="meta">{formatDateTime(language, n.created_at)}</p>
                    {href && <Link href={href}>{t('inbox.open')}</Link>}{' '}
                    {!n.read_at && (
                      <button type="button" onClick={() => markRead.mutate(n.id)}>
                        {t('inbox.markRead')}
                      </button>
                    )}
                  </li>
                );
              })}
            </ul>
          </>
        )}
      </Loaded>
    </>
  );
}
