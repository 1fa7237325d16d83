import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';

const ROOT = resolve(__dirname, '../..');
const DOCUMENTS = ['README.md', ...readdirSync(join(ROOT, 'docs')).filter((f) => f.endsWith('.md')).map((f) => join('docs', f))];

/** Relative paths a document points to: markdown links and `code` spans that look like files. */
function pointers(text: string): string[] {
  const links = [...text.matchAll(/\]\(([^)#\s]+)(?:#[^)]*)?\)/g)].map((m) => m[1]);
  const spans = [...text.matchAll(/`((?:\.\.?\/|docs\/)[^`\s]*)`/g)].map((m) => m[1]);
  return [...links, ...spans].filter((p) => !/^[a-z]+:/i.test(p));
}

// Issue 9 §6: the repository explains itself; no document sends a reader outside it.
describe('documentation', () => {
  it.each(DOCUMENTS)('%s points only at files inside the repository', (doc) => {
    const text = readFileSync(join(ROOT, doc), 'utf8');
    for (const target of pointers(text)) {
      const path = resolve(dirname(join(ROOT, doc)), target.startsWith('docs/') && doc !== 'README.md' ? join('..', target) : target);
      expect({ doc, target, inside: !relative(ROOT, path).startsWith('..') }).toEqual({ doc, target, inside: true });
    }
  });

  it('README links the product overview, which covers roles, flows, state machines and money', () => {
    expect(readFileSync(join(ROOT, 'README.md'), 'utf8')).toContain('(docs/product.md)');
    const product = readFileSync(join(ROOT, 'docs/product.md'), 'utf8');
    for (const topic of ['owner', 'manager', 'viewer', 'new → listed → assigned', 'financed → repo_ordered', 'draft → open', 'offered → accepted', 'minor units', 'basis points']) {
      expect(product).toContain(topic);
    }
  });
});
