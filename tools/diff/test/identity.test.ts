import { describe, expect, it } from 'vitest';
import { moduleFromPageName, moduleFromTitle, pagePairModule } from '@errcat/diff';

describe('moduleFromPageName', () => {
  it('ignores what saving a revision adds to a page name', () => {
    const names: Array<[string, string | undefined]> = [
      ['errorcode-window.md', 'window'],
      ['errorcode-window@8c3c18d5.md', 'window'],
      ['errorcode-avsession@1302b843.md', 'avsession'],
      ['errorcode-window.md.orig', 'window'],
      ['errorcode-window.md~', 'window'],
      ['errorcode-window.orig.md', 'window'],
      ['errorcode-window (1).md', 'window'],
      ['errorcode-window_BASE_12345.md', 'window'],
      ['errorcode-window_REMOTE_999.md', 'window'],
      ['errorcode-net-mdns@HEAD~1.md', 'net-mdns'],
      ['errorcode-promptAction@main.md', 'promptAction'],
      ['errorcode-ability_access_ctrl.md', 'ability_access_ctrl'],
      ['errorcodes-faultlogger.md', 'faultlogger'],
      ['old.md', undefined],
      ['63', undefined],
      ['errorcode-.md', undefined],
      ['errorcode-@1234.md', undefined],
    ];
    for (const [name, module] of names) expect(moduleFromPageName(name), name).toBe(module);
  });
});

describe('moduleFromTitle', () => {
  it('keeps the Latin words of a title without the closing "Error Codes"', () => {
    expect(moduleFromTitle('Window Error Codes')).toBe('window');
    expect(moduleFromTitle('AVSession Management Error Codes')).toBe('avsession-management');
    expect(moduleFromTitle('Wi-Fi Error Codes')).toBe('wi-fi');
    expect(moduleFromTitle(' Crypto Framework Error Codes')).toBe('crypto-framework');
    expect(moduleFromTitle('Asset Store Service Error Code')).toBe('asset-store-service');
    expect(moduleFromTitle('Webview错误码')).toBe('webview');
    expect(moduleFromTitle('关键资产存储服务(ASSET)错误码')).toBe('asset');
    expect(moduleFromTitle('媒体会话管理错误码')).toBeUndefined();
    expect(moduleFromTitle('')).toBeUndefined();
  });
});

describe('pagePairModule', () => {
  const page = (fileName: string, title?: string) => ({ fileName, ...(title !== undefined && { title }) });

  it('lets --module win over names and titles', () => {
    expect(pagePairModule(page('errorcode-window@8c3c18d5.md'), page('errorcode-window@1ee521ed.md'), 'display')).toEqual({ module: 'display', from: 'option' });
  });

  it('takes both revisions of a page for one module', () => {
    expect(pagePairModule(page('errorcode-window@8c3c18d5.md'), page('errorcode-window@1ee521ed.md'))).toEqual({ module: 'window', from: 'file name' });
    expect(pagePairModule(page('errorcode-window.md.orig'), page('errorcode-window.md'))).toEqual({ module: 'window', from: 'file name' });
    expect(pagePairModule(page('errorcode-window-old.md'), page('errorcode-window-new.md'))).toEqual({ module: 'window', from: 'file name' });
    expect(pagePairModule(page('errorcode-window.md'), page('errorcode-window-v2.md'))).toEqual({ module: 'window', from: 'file name' });
    expect(pagePairModule(page('errorcode-window-8c3c18d5.md'), page('errorcode-window.md'))).toEqual({ module: 'window', from: 'file name' });
  });

  it("takes the other side's name when one side has none", () => {
    expect(pagePairModule(page('old.md', 'Window Error Codes'), page('errorcode-window@1ee521ed.md'))).toEqual({ module: 'window', from: 'file name' });
    expect(pagePairModule(page('errorcode-window.md'), page('63'))).toEqual({ module: 'window', from: 'file name' });
  });

  it("falls back to the new page's title, then the old one's, then `page`", () => {
    expect(pagePairModule(page('old.md', 'Window Error Codes'), page('new.md', 'Window Manager Error Codes'))).toEqual({ module: 'window-manager', from: 'title' });
    expect(pagePairModule(page('old.md', 'Window Error Codes'), page('new.md', '窗口错误码'))).toEqual({ module: 'window', from: 'title' });
    expect(pagePairModule(page('old.md', '窗口错误码'), page('new.md', '窗口错误码'))).toEqual({ module: 'page', from: 'default' });
  });

  it("says when the names are of different modules, and takes the new page's", () => {
    expect(pagePairModule(page('errorcode-net-http.md'), page('errorcode-net-mdns.md'))).toEqual({
      module: 'net-mdns',
      from: 'file name',
      differing: ['net-http', 'net-mdns'],
    });
  });
});
