import { useState, type FormEvent } from 'react';

/** A filter form's state: what is typed (`draft`) becomes the query (`filters`) on submit, so each keystroke is not a request. */
export function useFilters<T extends object>(initial: T) {
  const [draft, setDraft] = useState<T>(initial);
  const [filters, setFilters] = useState<T>(initial);
  const apply = (event: FormEvent) => {
    event.preventDefault();
    setFilters(draft);
  };
  const change = (patch: Partial<T>) => setDraft({ ...draft, ...patch });
  return { draft, change, filters, apply };
}
