import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { StrictMode, useEffect, useMemo, useState } from 'react';
import { createRoot } from 'react-dom/client';
import { session } from './api/client';
import { App } from './App';
import { I18nContext, preferredLanguage, translate, type Language } from './i18n/i18n';
import './styles.css';

const LANGUAGE_KEY = 'reclaim.language';

const queries = new QueryClient({
  defaultOptions: {
    // A refusal (4xx) is an answer, not a network blip: only server errors are retried.
    queries: { retry: (count, error) => count < 2 && ((error as { status?: number }).status ?? 500) >= 500, staleTime: 5_000 },
  },
});
session.onChange(() => {
  if (!session.signedIn()) queries.clear();
});

function Root() {
  const [language, setLanguage] = useState<Language>(() => preferredLanguage(localStorage.getItem(LANGUAGE_KEY), navigator.languages));
  useEffect(() => {
    document.documentElement.lang = language;
    localStorage.setItem(LANGUAGE_KEY, language);
  }, [language]);
  const i18n = useMemo(() => ({ language, setLanguage, t: (key: Parameters<typeof translate>[1], vars?: Parameters<typeof translate>[2]) => translate(language, key, vars) }), [language]);
  return (
    <I18nContext.Provider value={i18n}>
      <QueryClientProvider client={queries}>
        <App />
      </QueryClientProvider>
    </I18nContext.Provider>
  );
}

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <Root />
  </StrictMode>,
);
