import { useId, type InputHTMLAttributes, type ReactNode, type SelectHTMLAttributes, type TextareaHTMLAttributes } from 'react';
import type { FormErrors } from '../api/problem';

interface FieldShell {
  readonly label: string;
  readonly error?: string;
  readonly hint?: string;
}

/** A labelled control whose problem+json message is tied to it (aria-invalid, aria-describedby). */
function Shell({ label, error, hint, control }: FieldShell & { control: (ids: { id: string; describedBy?: string }) => ReactNode }) {
  const id = useId();
  const described = [hint ? `${id}-hint` : '', error ? `${id}-error` : ''].filter(Boolean).join(' ') || undefined;
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      {hint && (
        <small id={`${id}-hint`} className="hint">
          {hint}
        </small>
      )}
      {control({ id, describedBy: described })}
      {error && (
        <span id={`${id}-error`} className="field-error" role="alert">
          {error}
        </span>
      )}
    </div>
  );
}

export function TextField({ label, error, hint, ...input }: FieldShell & InputHTMLAttributes<HTMLInputElement>) {
  return <Shell label={label} error={error} hint={hint} control={({ id, describedBy }) => <input id={id} aria-invalid={error ? true : undefined} aria-describedby={describedBy} {...input} />} />;
}

export function TextArea({ label, error, hint, ...input }: FieldShell & TextareaHTMLAttributes<HTMLTextAreaElement>) {
  return <Shell label={label} error={error} hint={hint} control={({ id, describedBy }) => <textarea id={id} aria-invalid={error ? true : undefined} aria-describedby={describedBy} {...input} />} />;
}

export function SelectField({ label, error, hint, children, ...select }: FieldShell & SelectHTMLAttributes<HTMLSelectElement>) {
  return (
    <Shell
      label={label}
      error={error}
      hint={hint}
      control={({ id, describedBy }) => (
        <select id={id} aria-invalid={error ? true : undefined} aria-describedby={describedBy} {...select}>
          {children}
        </select>
      )}
    />
  );
}

/** The messages no field of the form owns (and a problem's detail), announced when they appear. */
export function FormProblems({ errors }: { errors: FormErrors }) {
  if (errors.general.length === 0) return null;
  return (
    <div className="form-problems" role="alert">
      <ul>
        {errors.general.map((message) => (
          <li key={message}>{message}</li>
        ))}
      </ul>
    </div>
  );
}
