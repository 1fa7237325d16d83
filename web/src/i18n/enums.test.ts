import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ENUM_ALIASES, ENUMS_EN, NOT_TRANSLATED, type EnumFamily } from './enums.en';
import { ENUMS_ZH_CN } from './enums.zh-CN';
import { enumLabel } from './i18n';

/**
 * Every string enum of the OpenAPI document the console's types are generated from
 * (`npm run openapi` writes docs/openapi.json and test/contract/generated/reclaim-api.ts from the
 * same schemas), as `family → values`, the family being the property's name.
 */
function documentEnums(): Map<string, Set<string>> {
  const document = JSON.parse(readFileSync(join(__dirname, '../../../docs/openapi.json'), 'utf8')) as { components: { schemas: object }; paths: object };
  const found = new Map<string, Set<string>>();
  const walk = (node: unknown, name: string): void => {
    if (Array.isArray(node)) return node.forEach((item) => walk(item, name));
    if (!node || typeof node !== 'object') return;
    const schema = node as Record<string, unknown>;
    if (Array.isArray(schema.enum) && schema.type === 'string') {
      const values = found.get(name) ?? new Set<string>();
      for (const value of schema.enum as string[]) values.add(value);
      found.set(name, values);
    }
    for (const [key, value] of Object.entries(schema)) {
      if (key === 'properties') for (const [property, inner] of Object.entries(value as object)) walk(inner, property);
      else if (key !== 'enum') walk(value, name);
    }
  };
  walk(document.components.schemas, '');
  return found;
}

describe('enum words', () => {
  const enums = documentEnums();

  it('finds the enums of the document (the walk works)', () => {
    expect(enums.get('status')).toContain('in_storage');
    expect(enums.size).toBeGreaterThan(30);
  });

  it.each(['en', 'zh-CN'] as const)('%s has a word for every enum value of the API', (language) => {
    const missing: string[] = [];
    for (const [property, values] of enums) {
      if (NOT_TRANSLATED.includes(property)) continue;
      const family = (ENUM_ALIASES[property] ?? property) as EnumFamily;
      const words = (language === 'en' ? ENUMS_EN : ENUMS_ZH_CN)[family] as Readonly<Record<string, string>> | undefined;
      for (const value of values) if (!words?.[value]) missing.push(`${property}.${value}`);
    }
    expect(missing).toEqual([]);
  });

  it('never shows the raw value for a known one, and shows an unknown one as sent', () => {
    expect(enumLabel('en', 'status', 'in_storage')).toBe('In storage');
    expect(enumLabel('zh-CN', 'status', 'in_storage')).toBe('入库保管');
    expect(enumLabel('zh-CN', 'status', 'teleported')).toBe('teleported');
  });

  it('keeps Chinese words distinct from the English ones, except names and codes', () => {
    const same: string[] = [];
    for (const family of Object.keys(ENUMS_EN) as EnumFamily[])
      for (const [value, word] of Object.entries(ENUMS_EN[family])) if ((ENUMS_ZH_CN[family] as Record<string, string>)[value] === word) same.push(`${family}.${value}`);
    expect(same).toEqual(['bucket.M1', 'bucket.M2', 'bucket.M3', 'bucket.M4+', 'paid_via.stripe', 'via.stripe']);
  });
});
