export { indexSdkFile } from './index-file.js';
export type { SdkEnum, SdkEnumMember, SdkFileIndex, SdkIndex, SdkThrow } from './types.js';
export { combineSdkIndex, moduleOfFile } from './combine.js';
export { findSdkFiles, readSdk, SdkReadError } from './read-sdk.js';
export type { ReadSdkOptions, ReadSdkStats } from './read-sdk.js';
