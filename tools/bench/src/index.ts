export { basePages, writeScaledDocs, totalBytes } from './corpus.js';
