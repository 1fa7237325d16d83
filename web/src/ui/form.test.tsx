import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { FormProblems, TextField } from './form';

describe('TextField', () => {
  it('labels its control and ties the problem message to it', () => {
    const html = renderToStaticMarkup(<TextField label="E-mail" value="x" onChange={() => undefined} error="email must be an email" />);
    const id = /<input id="([^"]+)"/.exec(html)?.[1];
    expect(html).toContain(`<label for="${id}">E-mail</label>`);
    expect(html).toContain('aria-invalid="true"');
    expect(html).toContain(`aria-describedby="${id}-error"`);
    expect(html).toContain(`<span id="${id}-error" class="field-error" role="alert">email must be an email</span>`);
  });

  it('is not marked invalid without an error', () => {
    expect(renderToStaticMarkup(<TextField label="Title" value="" onChange={() => undefined} />)).not.toContain('aria-invalid');
  });
});

describe('FormProblems', () => {
  it('announces the messages no field owns', () => {
    expect(renderToStaticMarkup(<FormProblems errors={{ fields: {}, general: ['The listing is not open.'] }} />)).toBe('<div class="form-problems" role="alert"><ul><li>The listing is not open.</li></ul></div>');
    expect(renderToStaticMarkup(<FormProblems errors={{ fields: { a: 'b' }, general: [] }} />)).toBe('');
  });
});
