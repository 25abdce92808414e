#!/usr/bin/env node
// Thin launcher so the bin exists before the first compile; the CLI lives in dist/.
import "../dist/bin.js";
