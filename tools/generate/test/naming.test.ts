import { describe, expect, it } from 'vitest';
import { defaultPackageNamer } from '@errcat/diff';
import { assignNames, isSafeIdentifier, nameFromTitle, packageName, typePrefix } from '../src/index.js';

describe('nameFromTitle', () => {
  it.each([
    ['Session Service Exception', 'SESSION_SERVICE_EXCEPTION'],
    ['Device operation failed.', 'DEVICE_OPERATION_FAILED'],
    ['Cryptographic Operation Failed ', 'CRYPTOGRAPHIC_OPERATION_FAILED'],
    ['The dataGroupId parameter in Options is invalid.', 'THE_DATA_GROUP_ID_PARAMETER_IN_OPTIONS_IS_INVALID'],
    ['STA Internal Error', 'STA_INTERNAL_ERROR'],
    ['Unsupported `AVCastPicker` type', 'UNSUPPORTED_AV_CAST_PICKER_TYPE'],
    ['See [Universal Error Codes](../errorcode-universal.md)', 'SEE_UNIVERSAL_ERROR_CODES'],
    ['Café crème unavailable', 'CAFE_CREME_UNAVAILABLE'],
    ['5G network unavailable', 'E_5G_NETWORK_UNAVAILABLE'],
    ['Overriden "quota" — exceeded!', 'OVERRIDEN_QUOTA_EXCEEDED'],
  ])('%s → %s', (title, expected) => {
    expect(nameFromTitle(title, 1)).toBe(expected);
  });

  it.each([
    ['会话服务端异常', 'E_6600101'],
    ['', 'E_6600101'],
    ['   ', 'E_6600101'],
    ['—…!', 'E_6600101'],
  ])('falls back to E_<code> for %j', (title, expected) => {
    expect(nameFromTitle(title, 6600101)).toBe(expected);
  });

  it('keeps long names under the limit at a word boundary', () => {
    const name = nameFromTitle('The application does not have the permission required to call the API in the current state of the device', 1);
    expect(name.length).toBeLessThanOrEqual(60);
    expect(name.startsWith('THE_APPLICATION_DOES_NOT_HAVE_THE_PERMISSION')).toBe(true);
    expect(name.endsWith('_')).toBe(false);
  });

  it('always gives a safe identifier', () => {
    for (const title of ['delete', 'class', 'NaN', 'Infinity', '__proto__', '123', 'a-b-c', '\u2028', '`${x}`']) {
      expect(isSafeIdentifier(nameFromTitle(title, 42))).toBe(true);
    }
  });
});

describe('isSafeIdentifier', () => {
  it('refuses what cannot name a member or an object key safely', () => {
    for (const name of ['1ABC', 'A-B', 'delete', 'NaN', 'Infinity', '__proto__', '', 'É', 'A B']) expect(isSafeIdentifier(name)).toBe(false);
    for (const name of ['A', '_A', '$A', 'ERR_CODE_SERVICE_EXCEPTION', 'E_1']) expect(isSafeIdentifier(name)).toBe(true);
  });
});

describe('typePrefix', () => {
  it.each([
    ['avsession', 'AVSession Kit', 'AVSession'],
    ['drm', 'DRM Kit', 'DRM'],
    ['net-mdns', 'Network Kit', 'NetMdns'],
    ['net-mdns', undefined, 'NetMdns'],
    ['backgroundProcessManager', 'Background Tasks Kit', 'BackgroundProcessManager'],
    ['colorspace-manager', undefined, 'ColorspaceManager'],
    ['i18n', 'Localization Kit', 'I18n'],
    ['arkweb', 'ArkWeb', 'ArkWeb'],
    ['3d', undefined, 'Module3d'],
  ])('%s with kit %s → %s', (module, kit, expected) => {
    expect(typePrefix(module, kit)).toBe(expected);
  });
});

describe('assignNames', () => {
  const codes = [
    { code: 2401000, title: 'STA Internal Error' },
    { code: 2501000, title: 'STA Internal Error' },
    { code: 2501001, title: 'Wi-Fi is turned off' },
  ];

  it('derives names and suffixes a clash with the code, deterministically', () => {
    const first = assignNames(codes);
    const again = assignNames([...codes].reverse());
    expect(Object.fromEntries(first.names)).toEqual({ 2401000: 'STA_INTERNAL_ERROR', 2501000: 'STA_INTERNAL_ERROR_2501000', 2501001: 'WI_FI_IS_TURNED_OFF' });
    expect(Object.fromEntries(again.names)).toEqual(Object.fromEntries(first.names));
    expect(first.nameMap).toEqual({ 2401000: 'STA_INTERNAL_ERROR', 2501000: 'STA_INTERNAL_ERROR_2501000', 2501001: 'WI_FI_IS_TURNED_OFF' });
  });

  it('keeps committed names when titles change', () => {
    const first = assignNames(codes);
    const retitled = [
      { code: 2401000, title: 'Station Internal Failure' },
      { code: 2501000, title: 'Something Else' },
      { code: 2501001, title: 'Wi-Fi is turned off' },
    ];
    const second = assignNames(retitled, first.nameMap);
    expect(Object.fromEntries(second.names)).toEqual(Object.fromEntries(first.names));
    // Without the map the same titles would give other names, so the map is what keeps them.
    expect(assignNames(retitled).names.get(2401000)).toBe('STATION_INTERNAL_FAILURE');
  });

  it('lets overrides win over the name map and over titles', () => {
    const result = assignNames(codes, { 2401000: 'STA_INTERNAL_ERROR' }, { 2401000: 'ERR_CODE_STA_INTERNAL', 2501001: 'ERR_CODE_WIFI_OFF' });
    expect(Object.fromEntries(result.names)).toEqual({ 2401000: 'ERR_CODE_STA_INTERNAL', 2501000: 'STA_INTERNAL_ERROR_2501000', 2501001: 'ERR_CODE_WIFI_OFF' });
    // The recorded name stays, deprecated, so code compiled against it still compiles.
    expect(result.nameMap[2401000]).toEqual({ name: 'ERR_CODE_STA_INTERNAL', aliases: ['STA_INTERNAL_ERROR'] });
    expect(result.aliases.get(2401000)).toEqual(['STA_INTERNAL_ERROR']);
    expect(result.added).toEqual([{ code: 2401000, alias: 'STA_INTERNAL_ERROR', name: 'ERR_CODE_STA_INTERNAL' }]);
    expect(result.problems).toEqual([]);
  });

  it('gives a derived name a suffix when an override already holds it', () => {
    const result = assignNames(codes, {}, { 2501001: 'STA_INTERNAL_ERROR' });
    expect(result.names.get(2501001)).toBe('STA_INTERNAL_ERROR');
    expect(result.names.get(2401000)).toBe('STA_INTERNAL_ERROR_2401000');
    expect(result.names.get(2501000)).toBe('STA_INTERNAL_ERROR_2501000');
  });

  it('reports unusable or clashing overrides and map entries, and names those codes from titles', () => {
    const result = assignNames(codes, { 2501001: 'ERR_A' }, { 2401000: 'delete', 2501000: '9LIVES', 2501001: 'ERR_A' });
    expect(result.problems.map((problem) => [problem.code, problem.origin])).toEqual([
      [2401000, 'override'],
      [2501000, 'override'],
    ]);
    expect(result.problems[0]!.reason).toContain('"delete" is not a usable identifier');
    expect(result.names.get(2401000)).toBe('STA_INTERNAL_ERROR');
    expect(result.names.get(2501000)).toBe('STA_INTERNAL_ERROR_2501000');

    const clash = assignNames(codes, { 2401000: 'ERR_X', 2501000: 'ERR_X' });
    expect(clash.problems).toEqual([{ code: 2501000, name: 'ERR_X', origin: 'name-map', reason: '"ERR_X" is already the name of 2401000' }]);
    expect(clash.names.get(2501000)).toBe('STA_INTERNAL_ERROR');
  });

  it('keeps names of codes that left the module reserved and in the map', () => {
    const result = assignNames([{ code: 2501001, title: 'STA Internal Error' }], { 2401000: 'STA_INTERNAL_ERROR' });
    expect(result.names.get(2501001)).toBe('STA_INTERNAL_ERROR_2501001');
    expect(result.nameMap).toEqual({ 2401000: 'STA_INTERNAL_ERROR', 2501001: 'STA_INTERNAL_ERROR_2501001' });
  });

  it('names codes without an English title E_<code> and keeps fallbacks unique', () => {
    const result = assignNames([
      { code: 23900001, title: undefined },
      { code: 23900003, title: '参数错误' },
      { code: 23900004, title: 'E 23900001' },
    ]);
    expect(Object.fromEntries(result.names)).toEqual({ 23900001: 'E_23900001', 23900003: 'E_23900003', 23900004: 'E_23900001_23900004' });
    expect(result.placeholders).toEqual([23900001, 23900003]);
    expect(result.nameMap[23900001]).toEqual({ name: 'E_23900001', from: 'placeholder' });
  });

  it('names a code without an English title after its English runtime message, provisionally', () => {
    const result = assignNames([{ code: 2501003, title: '连接失败', message: 'Connection failed.' }, { code: 2501004, title: undefined, message: '连接失败。' }]);
    expect(Object.fromEntries(result.names)).toEqual({ 2501003: 'CONNECTION_FAILED', 2501004: 'E_2501004' });
    expect(result.nameMap).toEqual({ 2501003: { name: 'CONNECTION_FAILED', from: 'message' }, 2501004: { name: 'E_2501004', from: 'placeholder' } });
    expect(result.placeholders).toEqual([2501004]);
  });

  it('replaces provisional names when a better one appears, keeping each earlier name as a deprecated alias', () => {
    const first = assignNames([{ code: 2501003, title: undefined, message: undefined }]);
    expect(first.names.get(2501003)).toBe('E_2501003');
    const fromMessage = assignNames([{ code: 2501003, title: undefined, message: 'Connection failed.' }], first.nameMap);
    expect(fromMessage.names.get(2501003)).toBe('CONNECTION_FAILED');
    expect(fromMessage.added).toEqual([{ code: 2501003, alias: 'E_2501003', name: 'CONNECTION_FAILED' }]);
    expect(fromMessage.nameMap[2501003]).toEqual({ name: 'CONNECTION_FAILED', from: 'message', aliases: ['E_2501003'] });
    // A message edit does not rename a message-derived name; a title does, and then the name is stable.
    expect(assignNames([{ code: 2501003, title: undefined, message: 'Connecting failed.' }], fromMessage.nameMap).names.get(2501003)).toBe('CONNECTION_FAILED');
    const titled = assignNames([{ code: 2501003, title: 'Wi-Fi Connection Failure', message: 'Connection failed.' }], fromMessage.nameMap);
    expect(titled.names.get(2501003)).toBe('WI_FI_CONNECTION_FAILURE');
    expect(titled.aliases.get(2501003)).toEqual(['E_2501003', 'CONNECTION_FAILED']);
    expect(titled.nameMap[2501003]).toEqual({ name: 'WI_FI_CONNECTION_FAILURE', aliases: ['E_2501003', 'CONNECTION_FAILED'] });
    const retitled = assignNames([{ code: 2501003, title: 'Connection Failure', message: 'Connection failed.' }], titled.nameMap);
    expect(retitled.names.get(2501003)).toBe('WI_FI_CONNECTION_FAILURE');
    expect(retitled.added).toEqual([]);
    expect(retitled.nameMap).toEqual(titled.nameMap);
  });

  it('treats a placeholder recorded as a plain string (older name maps) as provisional', () => {
    const result = assignNames([{ code: 2501003, title: 'Wi-Fi Off' }], { 2501003: 'E_2501003' });
    expect(result.names.get(2501003)).toBe('WI_FI_OFF');
    expect(result.aliases.get(2501003)).toEqual(['E_2501003']);
  });

  it('never gives an alias, or the name of a code that left, to another code', () => {
    const result = assignNames(
      [
        { code: 1, title: 'Old Name' },
        { code: 2, title: 'Old Name' },
      ],
      { 1: { name: 'NEW_NAME', aliases: ['OLD_NAME'] }, 9: { name: 'GONE', aliases: ['GONE_TOO'] } },
      {},
      { 2: 'GONE_TOO' },
    );
    expect(Object.fromEntries(result.names)).toEqual({ 1: 'NEW_NAME', 2: 'OLD_NAME_2' });
    expect(result.nameMap[9]).toEqual({ name: 'GONE', aliases: ['GONE_TOO'] });
  });

  it('prefers hints over titles, and recorded and hand-set names over hints', () => {
    const codes = [
      { code: 6600101, title: 'Session Service Exception' },
      { code: 6600102, title: 'Session Does Not Exist' },
      { code: 6600103, title: 'Controller Does Not Exist' },
      { code: 6600104, title: 'Remote Connection Failure' },
    ];
    const hints = { 6600101: 'ERR_CODE_SERVICE_EXCEPTION', 6600102: 'ERR_CODE_SESSION_NOT_EXIST', 6600103: 'ERR_CODE_CONTROLLER_NOT_EXIST', 6600104: 'not an identifier' };
    const result = assignNames(codes, { 6600102: 'SESSION_DOES_NOT_EXIST', 6600104: 'E_6600104' }, { 6600103: 'CONTROLLER_MISSING' }, hints);
    expect(Object.fromEntries(result.names)).toEqual({
      6600101: 'ERR_CODE_SERVICE_EXCEPTION',
      6600102: 'SESSION_DOES_NOT_EXIST',
      6600103: 'CONTROLLER_MISSING',
      6600104: 'REMOTE_CONNECTION_FAILURE',
    });
    expect(result.added).toEqual([{ code: 6600104, alias: 'E_6600104', name: 'REMOTE_CONNECTION_FAILURE' }]);
  });
});

describe('package names', () => {
  it('are the ones the diff report announces, public entry and ./system', () => {
    for (const module of ['avsession', 'net-mdns', 'backgroundProcessManager', 'colorspace-manager', 'promptAction', 'i18n']) {
      const targets = defaultPackageNamer(module);
      expect(targets.public).toEqual({ packageName: packageName(module), entry: '.' });
      expect(targets.full).toEqual({ packageName: packageName(module), entry: './system' });
    }
    expect(packageName('backgroundProcessManager')).toBe('@errcat/background-process-manager');
  });
});
