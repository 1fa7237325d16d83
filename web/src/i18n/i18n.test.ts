import { describe, expect, it } from 'vitest';
import { en } from './en';
import { formatMoney, missingKeys, preferredLanguage, translate } from './i18n';

describe('translate', () => {
  it('speaks the chosen language', () => {
    expect(translate('zh-CN', 'login.submit')).toBe('登录');
    expect(translate('en', 'login.submit')).toBe('Sign in');
  });

  it('falls back to English for a key zh-CN lacks', () => {
    expect(missingKeys('zh-CN')).toContain('listings.noFeeSchedule');
    expect(translate('zh-CN', 'listings.noFeeSchedule')).toBe(en['listings.noFeeSchedule']);
  });

  it('fills placeholders and leaves a missing one visible', () => {
    expect(translate('zh-CN', 'inbox.unread', { count: 3 })).toBe('3 条未读');
    expect(translate('en', 'placement.rows', { processed: 5 })).toBe('5 of {total} rows');
  });

  it('lacks only the strings waiting for API areas not built yet', () => {
    expect(missingKeys('zh-CN')).toEqual(['listings.noFeeSchedule']);
  });
});

describe('preferredLanguage', () => {
  it.each([
    [null, ['zh-CN', 'en'], 'zh-CN'],
    [null, ['zh-Hans-CN'], 'zh-CN'],
    [null, ['zh'], 'zh-CN'],
    [null, ['fr-FR', 'en-GB'], 'en'],
    [null, ['de'], 'en'],
    ['zh-CN', ['en-US'], 'zh-CN'],
    ['klingon', ['en-US'], 'en'],
  ] as const)('stored %s, browser %j → %s', (stored, browser, expected) => {
    expect(preferredLanguage(stored, browser)).toBe(expected);
  });
});

describe('formatMoney', () => {
  it('formats integer minor units by the currency’s digits', () => {
    expect(formatMoney('en', { amount: 1_250_000, currency: 'USD' })).toBe('$12,500.00');
    expect(formatMoney('en', { amount: 500, currency: 'JPY' })).toBe('¥500');
  });
});
