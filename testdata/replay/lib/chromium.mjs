// chromium.mjs is how the project's browser checks start Debian Chromium through
// playwright-core (pinned in ../node_modules) and print their verdict: one JSON line
// on stdout, which a Go test judges. Scripts import it from beside the node_modules
// folder they are given.

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

// ARGS start Chromium headless and quiet: without the background-networking flags
// it tries Google's hosts at every start, which this machine's closed network refuses.
export const ARGS = [
  '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync',
];

// withChromium runs fn(context) in a persistent browser context with a fresh profile
// (options as playwright's launchPersistentContext; options.args come after ARGS) and
// closes it and removes the profile afterwards.
export async function withChromium(modules, options, fn) {
  const { chromium } = await import(pathToFileURL(join(modules, 'playwright-core', 'index.mjs')).href);
  const profile = mkdtempSync(join(tmpdir(), 'salvage-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: '/usr/bin/chromium', headless: true, timeout: 60000,
    ...options, args: [...ARGS, ...(options.args || [])],
  });
  try {
    return await fn(context);
  } finally {
    await context.close();
    rmSync(profile, { recursive: true, force: true });
  }
}

// printVerdict prints the object main resolves to as one JSON line, or
// {"error": ...} with exit status 1 when it throws.
export async function printVerdict(main) {
  try {
    process.stdout.write(JSON.stringify(await main()) + '\n');
  } catch (err) {
    process.stdout.write(JSON.stringify({ error: String(err && err.stack || err) }) + '\n');
    process.exitCode = 1;
  }
}
