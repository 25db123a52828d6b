#!/usr/bin/env node
// Fetches the pinned llama.cpp binaries (and, with --test-data, llama.cpp's own vocabulary GGUFs and llama.h)
// from npm, verifies each tarball against native/manifest.json, and unpacks only what we need into native/.cache/.
//
//   node native/fetch.mjs --rid linux-x64            libraries for one platform  -> native/.cache/<version>/<rid>/
//   node native/fetch.mjs --test-data                models/*.gguf and llama.h   -> native/.cache/<version>/test-data/
//   node native/fetch.mjs --pin win-x64              record a platform's integrity from the registry into the manifest
//
// Every failure ends with exit code 1 and one line that names the fix. The build (native/Native.targets) runs
// this script by itself when the current platform's binaries are missing; LLAMAEMBED_NATIVE_DIR bypasses it.
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const manifestPath = path.join(here, 'manifest.json');
const manifest = JSON.parse(fs.readFileSync(manifestPath, 'utf8'));
const cacheRoot = path.join(here, '.cache', manifest.version);

function fail(message) {
  process.stderr.write(`llamaembed native fetch: ${message}\n`);
  process.exit(1);
}

function npm(args, cwd) {
  const command = process.platform === 'win32' ? 'npm.cmd' : 'npm';
  try {
    return execFileSync(command, args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], shell: process.platform === 'win32' });
  } catch (error) {
    if (error.code === 'ENOENT') {
      fail('npm was not found on PATH: install Node.js with npm, or set LLAMAEMBED_NATIVE_DIR to a folder holding your own llama.cpp build.');
    }
    const detail = String(error.stderr || error.message).split('\n').filter(l => l && !l.includes('npm warn')).slice(-1)[0];
    fail(`npm ${args.join(' ')} failed: ${detail}`);
  }
}

/** Runs `npm pack` into a temporary folder and returns the tarball's bytes after checking its integrity. */
function packAndVerify(spec, integrity) {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'llamaembed-npm-'));
  try {
    const out = npm(['pack', spec, '--pack-destination', tmp, '--silent'], tmp).trim().split('\n').pop().trim();
    const bytes = fs.readFileSync(path.join(tmp, out));
    const [algorithm, expected] = integrity.split(/-(.*)/s);
    const actual = createHash(algorithm).update(bytes).digest('base64');
    if (actual !== expected) {
      fail(`integrity mismatch for ${spec}: expected ${integrity}, got ${algorithm}-${actual}. The registry served a different tarball; do not use it (re-pin only if you trust the new build).`);
    }
    return bytes;
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}

/** Yields {name, data} for each regular file in a gzipped tar (ustar with GNU long names and pax paths). */
function* untar(gz) {
  const tar = zlib.gunzipSync(gz);
  let offset = 0;
  let longName = null;
  while (offset + 512 <= tar.length) {
    const header = tar.subarray(offset, offset + 512);
    if (header.every(b => b === 0)) break;
    const field = (start, length) => header.subarray(start, start + length).toString('utf8').replace(/\0.*$/s, '');
    const size = parseInt(field(124, 12).trim() || '0', 8);
    const type = String.fromCharCode(header[156] || 48);
    const prefix = field(345, 155);
    let name = longName ?? (prefix ? `${prefix}/${field(0, 100)}` : field(0, 100));
    longName = null;
    const data = tar.subarray(offset + 512, offset + 512 + size);
    offset += 512 + Math.ceil(size / 512) * 512;
    if (type === 'L') { longName = data.toString('utf8').replace(/\0.*$/s, ''); continue; }
    if (type === 'x') {
      const match = /\d+ path=([^\n]*)\n/.exec(data.toString('utf8'));
      if (match) longName = match[1];
      continue;
    }
    if (type === '0' || type === '\0' || type === '7') yield { name, data };
  }
}

/** Writes a folder atomically: built under a temporary name, renamed into place, marked complete. */
function publish(target, fill) {
  if (fs.existsSync(path.join(target, '.complete'))) return target;
  fs.mkdirSync(path.dirname(target), { recursive: true });
  const staging = `${target}.tmp-${process.pid}`;
  fs.rmSync(staging, { recursive: true, force: true });
  fs.mkdirSync(staging, { recursive: true });
  fill(staging);
  fs.writeFileSync(path.join(staging, '.complete'), `${new Date().toISOString()}\n`);
  fs.rmSync(target, { recursive: true, force: true });
  try {
    fs.renameSync(staging, target);
  } catch (error) {
    // Another build published the same folder first; theirs is identical.
    fs.rmSync(staging, { recursive: true, force: true });
    if (!fs.existsSync(path.join(target, '.complete'))) throw error;
  }
  return target;
}

const isLibrary = name => /\.(so|dll|dylib|metal)$/.test(name) && !/llama-addon|llama-common/.test(name);

function fetchPlatform(rid) {
  const entry = manifest.platforms[rid];
  if (!entry) {
    fail(`no llama.cpp binaries are pinned for platform '${rid}' (pinned: ${Object.keys(manifest.platforms).join(', ')}). Set LLAMAEMBED_NATIVE_DIR to a folder holding your own llama.cpp ${manifest.llamaCppVersion} build.`);
  }
  if (!entry.integrity) {
    fail(`${entry.package}@${manifest.version} has no pinned integrity hash: run 'node native/fetch.mjs --pin ${rid}' where the npm registry serves it, or set LLAMAEMBED_NATIVE_DIR to your own llama.cpp build.`);
  }
  return publish(path.join(cacheRoot, rid), staging => {
    const tgz = packAndVerify(`${entry.package}@${manifest.version}`, entry.integrity);
    const prefix = `package/${entry.binDir}/`;
    let count = 0;
    for (const { name, data } of untar(tgz)) {
      if (!name.startsWith(prefix)) continue;
      const relative = name.slice(prefix.length);
      if (relative.includes('/') || !isLibrary(relative)) continue;
      fs.writeFileSync(path.join(staging, relative), data, { mode: 0o755 });
      count++;
    }
    if (count === 0) fail(`${entry.package}@${manifest.version} contained no libraries under ${entry.binDir}/.`);
  });
}

function fetchTestData() {
  const entry = manifest.testData;
  return publish(path.join(cacheRoot, 'test-data'), staging => {
    const tgz = packAndVerify(`${entry.package}@${manifest.version}`, entry.integrity);
    const bundle = [...untar(tgz)].find(f => f.name === `package/${entry.bundle}`);
    if (!bundle) fail(`${entry.package}@${manifest.version} has no ${entry.bundle}.`);
    const work = fs.mkdtempSync(path.join(os.tmpdir(), 'llamaembed-bundle-'));
    try {
      const bundlePath = path.join(work, 'release.bundle');
      fs.writeFileSync(bundlePath, bundle.data);
      try {
        execFileSync('git', ['clone', '--quiet', bundlePath, path.join(work, 'src')], { stdio: ['ignore', 'ignore', 'pipe'] });
      } catch (error) {
        fail(error.code === 'ENOENT' ? 'git was not found on PATH: install git to unpack llama.cpp\'s test vocabularies.' : `git clone of the llama.cpp bundle failed: ${error.message}`);
      }
      fs.mkdirSync(path.join(staging, 'models'));
      for (const file of fs.readdirSync(path.join(work, 'src', 'models'))) {
        if (/\.gguf(\.inp|\.out)?$/.test(file)) fs.copyFileSync(path.join(work, 'src', 'models', file), path.join(staging, 'models', file));
      }
      fs.copyFileSync(path.join(work, 'src', 'include', 'llama.h'), path.join(staging, 'llama.h'));
    } finally {
      fs.rmSync(work, { recursive: true, force: true });
    }
  });
}

function pin(rid) {
  const entry = manifest.platforms[rid];
  if (!entry) fail(`unknown platform '${rid}'.`);
  const integrity = npm(['view', `${entry.package}@${manifest.version}`, 'dist.integrity'], here).trim();
  if (!integrity.startsWith('sha')) fail(`the registry does not serve ${entry.package}@${manifest.version}.`);
  entry.integrity = integrity;
  fs.writeFileSync(manifestPath, `${JSON.stringify(manifest, null, 2)}\n`);
  process.stdout.write(`${rid}: ${integrity}\n`);
}

const args = process.argv.slice(2);
const option = name => { const i = args.indexOf(name); return i >= 0 ? args[i + 1] : undefined; };
if (args.includes('--pin')) pin(option('--pin'));
else if (args.includes('--test-data')) process.stdout.write(`${fetchTestData()}\n`);
else if (option('--rid')) process.stdout.write(`${fetchPlatform(option('--rid'))}\n`);
else fail('usage: node native/fetch.mjs --rid <rid> | --test-data | --pin <rid>');
