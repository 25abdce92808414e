import { describe, expect, it } from 'vitest';
import { localeFallbackChain, normalizeLocale } from '../src/index.js';

describe('normalizeLocale', () => {
  it('maps folder names and aliases to the tags errcat uses', () => {
    expect(['zh-cn', 'zh_CN', 'zh-Hans', 'ZH-CN', ' zh '].map(normalizeLocale)).toEqual(['zh-CN', 'zh-CN', 'zh-CN', 'zh-CN', 'zh-CN']);
    expect(['en', 'en_US', 'EN-gb'].map(normalizeLocale)).toEqual(['en', 'en', 'en']);
    expect(normalizeLocale('pt_br')).toBe('pt-BR');
    expect(normalizeLocale('sr-latn')).toBe('sr-Latn');
  });

  it('treats names of object properties as plain tags', () => {
    expect(normalizeLocale('__proto__')).toBe('--proto--');
    expect(normalizeLocale('constructor')).toBe('constructor');
  });

  it('falls back through the language to English', () => {
    expect(localeFallbackChain('zh_CN')).toEqual(['zh-CN', 'zh', 'en']);
    expect(localeFallbackChain('en')).toEqual(['en']);
  });
});
