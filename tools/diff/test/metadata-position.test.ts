import { describe, expect, it } from 'vitest';
import { mergeDocuments } from '@errcat/catalogue';
import { diffCatalogues, formatReport } from '@errcat/diff';
import { parse } from '../../parser/src/index.js';

function side(file: string, metadata: string[]) {
  const source = ['# Demo Error Codes', '', ...metadata, '', '## 1001 Failure', '', '**Error Message**', '', 'Failed.', ''].join('\n');
  return mergeDocuments([parse(source, { path: file, locale: 'en', module: 'demo' }).document]).catalogue;
}

describe('metadata findings', () => {
  it('point at the metadata comment on each side, and annotate its line', () => {
    const before = side('old/en/errorcode-demo.md', ['<!--Kit: Demo Kit-->', '<!--Owner: @a-->']);
    const after = side('new/en/errorcode-demo.md', ['<!--Kit: Demo Kit-->', '<!--Subsystem: Media-->', '<!--Owner: @b-->']);
    expect(after.modules.demo!.metadataPositions?.owner).toEqual({ line: 5, column: 1 });
    const report = diffCatalogues(before, after);
    const changed = report.findings.find((finding) => finding.ruleId === 'metadata-changed');
    expect(changed).toMatchObject({ field: 'metadata.owner', position: { line: 5, column: 1 }, oldPosition: { file: 'old/en/errorcode-demo.md', line: 4, column: 1 } });
    const added = report.findings.find((finding) => finding.ruleId === 'metadata-added');
    expect(added).toMatchObject({ field: 'metadata.subsystem', position: { line: 4 } });
    const github = formatReport(report, 'github');
    expect(github).toContain('::notice file=new/en/errorcode-demo.md,line=5,col=1,title=errcat metadata-changed::');
    expect(github).toContain('::notice file=new/en/errorcode-demo.md,line=4,col=1,title=errcat metadata-added::');
    expect(github).not.toMatch(/line=1,.*metadata/);
  });
});
