import { describe, expect, it } from 'vitest';
import type { ErrorVariant } from '@errcat/schema';
import { messageMarkdownOf, validateCatalogue } from '@errcat/schema';
import { mergeDocuments, publicCatalogue } from '../src/index.js';
import { deepFreeze, entry, page } from './build.js';

function variant(title: string, visibility: ErrorVariant['visibility'], line: number): ErrorVariant {
  return {
    title,
    visibility,
    message: `${title}.`,
    messageMarkdown: `${title}.`,
    description: '',
    causes: [],
    solutions: [],
    sections: [],
    position: { file: 'en/apis-avs-kit/errorcode-avs.md', line, column: 1 },
  };
}

const full = mergeDocuments([
  page('avs', 'en', [
    entry(6600101, 3),
    entry(6600104, 20, { visibility: 'system' }),
    entry(6600105, 40, {
      message: 'Failure 6600105 (system part).',
      messageMarkdown: 'Failure 6600105 (**system part**).',
      causes: ['Public cause.', 'System-only cause.'],
      intro: 'Full intro.',
      variants: [variant('Public case', 'public', 50), variant('System case', 'system', 60)],
      publicTexts: {
        message: 'Failure 6600105.',
        messageMarkdown: 'Failure 6600105.',
        description: 'Code 6600105 is returned when something fails.',
        causes: ['Public cause.'],
        solutions: ['Fix for 6600105.'],
        sections: [],
        variants: [variant('Public case', 'public', 50)],
      },
    }),
    entry(6600106, 70, { variants: [variant('Only system', 'system', 80)] }),
    entry(401, 90, { borrowed: true }),
    entry(402, 95, { borrowed: true, visibility: 'system' }),
  ]),
  page('avs', 'zh-CN', [entry(6600101, 3), entry(6600104, 20, { visibility: 'system' }), entry(6600105, 40), entry(6600106, 70)]),
  page('sys', 'en', [entry(7000001, 3, { visibility: 'system' })]),
]).catalogue;
deepFreeze(full);
const shown = publicCatalogue(full);

describe('publicCatalogue', () => {
  it('drops system-only codes, owned or borrowed', () => {
    expect(Object.keys(full.errors)).toEqual(['401', '402', '6600101', '6600104', '6600105', '6600106', '7000001']);
    expect(Object.keys(shown.errors)).toEqual(['401', '6600101', '6600105', '6600106']);
  });

  it('recomputes the codes and counts of each module', () => {
    expect(full.modules.avs).toMatchObject({ codes: [6600101, 6600104, 6600105, 6600106], borrowedCodes: [401, 402], counts: { total: 4, public: 3, system: 1 } });
    expect(shown.modules.avs).toMatchObject({ codes: [6600101, 6600105, 6600106], borrowedCodes: [401], counts: { total: 3, public: 3, system: 0 } });
    expect(shown.modules.sys).toMatchObject({ codes: [], borrowedCodes: [], counts: { total: 0, public: 0, system: 0 } });
  });

  it('shows a public entry’s texts without its system-only parts', () => {
    const english = shown.errors['6600105']!.locales.en!;
    expect(english.causes).toEqual(['Public cause.']);
    // The public message has no Markdown of its own: the full entry's must not show through.
    expect(english.message).toBe('Failure 6600105.');
    expect(messageMarkdownOf(english)).toBe('Failure 6600105.');
    expect(messageMarkdownOf(full.errors['6600105']!.locales.en!)).toBe('Failure 6600105 (**system part**).');
    expect(english.intro).toBeUndefined();
    expect(english.variants?.map((item) => item.title)).toEqual(['Public case']);
    expect(english.publicTexts).toBeUndefined();
    expect(english.position).toEqual(full.errors['6600105']!.locales.en!.position);
    expect(shown.errors['6600105']!.locales['zh-CN']).toEqual(full.errors['6600105']!.locales['zh-CN']);
  });

  it('leaves out system-only variants even without separate public texts', () => {
    expect(full.errors['6600106']!.locales.en!.variants).toHaveLength(1);
    expect(shown.errors['6600106']!.locales.en!.variants).toBeUndefined();
  });

  it('keeps everything else and yields a valid catalogue', () => {
    expect(shown.errors['6600101']).toEqual(full.errors['6600101']);
    expect(shown.locales).toEqual(full.locales);
    expect(shown.modules.avs!.titles).toEqual(full.modules.avs!.titles);
    expect(validateCatalogue(shown)).toEqual([]);
  });

  it('is idempotent', () => {
    expect(publicCatalogue(shown)).toEqual(shown);
  });
});
