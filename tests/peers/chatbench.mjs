// Runs the chatbench binary against a peer and reads what it wrote. The binary is
// $CHATBENCH_BIN, else build/ci/chatbench under the repository root.
//
// The CLI contract these helpers are written against:
//   chatbench check --target URL --provider P --model M [--api-key-env VAR] [--stream] --out DIR
//     -> DIR/check.json {"schema":"chatbench.check/1","targets":[{name,profile,probes:[{name,
//        passed,status,findings}],passed}],passed} and DIR/junit.xml; exit 0 all probes passed,
//        1 a probe failed, 2 bad input.
//   chatbench run --target URL --provider P --model M [--api-key-env VAR] [--stream] -n 20 -c 2
//     -q --out DIR -> DIR/report.json with targets[0].conformance = {checked, failures,
//        warnings, findings}; exit 1 when conformance failures > 0.
//   A finding is {check, severity, pointer, profile, request_id, example, count}.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { peersDir } from './servers.mjs';

const root = join(peersDir, '..', '..');
const RUN_TIMEOUT_MS = 60_000;

/** The key every chatbench invocation sends: Prism only checks that the auth header is there. */
export const KEY_ENV = 'PEERS_KEY';
export const KEY = 'peers-test-key';

export function chatbenchBinary() {
  const bin = process.env.CHATBENCH_BIN || join(root, 'build', 'ci', 'chatbench');
  assert.ok(existsSync(bin),
    `no chatbench binary at ${bin}: build one (./build.sh build ci) or set CHATBENCH_BIN`);
  return bin;
}

/** Runs chatbench with `args`; resolves to { code, signal, stdout, stderr, ms }. Bounded in time. */
export function chatbench(args, { timeoutMs = RUN_TIMEOUT_MS } = {}) {
  const bin = chatbenchBinary();
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(bin, args, {
      env: { ...process.env, [KEY_ENV]: KEY },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d) => (stderr += d));
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.on('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      const ms = performance.now() - started;
      if (signal === 'SIGKILL' && ms >= timeoutMs) {
        reject(new Error(`chatbench ${args.join(' ')} did not finish in ${timeoutMs} ms\n${stderr}`));
        return;
      }
      resolve({ code, signal, stdout, stderr, ms });
    });
  });
}

let checkSupport;
/**
 * Fails (never skips) when the binary has no `check` command: `chatbench check --help` must
 * exit 0. CI must not hide the conformance probes behind an old binary.
 */
export async function requireCheckCommand() {
  checkSupport ??= chatbench(['check', '--help'], { timeoutMs: 10_000 });
  const { code, stdout, stderr } = await checkSupport;
  assert.equal(code, 0,
    `${chatbenchBinary()} has no working 'check' command ('chatbench check --help' exited ${code}): ` +
      `the conformance probes cannot run. Build a chatbench with 'check', or set ` +
      `PEERS_ONLY_SERVERS=1 to run only the peer smoke tests.\n${stdout}${stderr}`);
}

function commonArgs({ target, provider, model, stream, path }) {
  const args = ['--target', target, '--provider', provider, '--model', model, '--api-key-env', KEY_ENV];
  if (stream) args.push('--stream');
  if (path) args.push('--set', `targets.0.path=${path}`);
  return args;
}

const outDirs = [];
function outDir(prefix) {
  const dir = mkdtempSync(join(tmpdir(), `chatbench-peers-${prefix}-`));
  outDirs.push(dir);
  return dir;
}

/** Removes the output directories (kept when PEERS_KEEP_OUTPUT=1, for debugging). */
export function cleanOutputs() {
  if (process.env.PEERS_KEEP_OUTPUT === '1') return;
  while (outDirs.length) rmSync(outDirs.pop(), { recursive: true, force: true });
}

function readJson(path, what, result) {
  assert.ok(existsSync(path), `${what} was not written to ${path} (exit ${result.code})\n` +
    `stdout:\n${result.stdout}\nstderr:\n${result.stderr}`);
  return JSON.parse(readFileSync(path, 'utf8'));
}

/**
 * `chatbench run ... -n 20 -c 2 -q --out DIR`; resolves to { code, report, target, conformance,
 * ...io }. `expectUrl` (checked first): the URL report.json must name for the target.
 */
export async function chatbenchRun(options) {
  const dir = outDir('run');
  const args = ['run', ...commonArgs(options), '-n', String(options.requests ?? 20), '-c', '2', '-q', '--out', dir];
  const result = await chatbench(args);
  const report = readJson(join(dir, 'report.json'), 'report.json', result);
  const target = report.targets?.[0];
  assert.ok(target, `report.json has no targets[0]\n${JSON.stringify(report).slice(0, 2000)}`);
  if (options.expectUrl) {
    assert.equal(target.url, options.expectUrl,
      `chatbench sent its requests to another URL than the peer serves` +
        (options.urlHint ? `: ${options.urlHint}` : '') + ` (HTTP statuses: ${JSON.stringify(target.http?.status)})`);
  }
  const conformance = target.conformance;
  assert.ok(conformance && typeof conformance === 'object',
    `report.json targets[0] has no "conformance" object: this chatbench predates the ` +
      `conformance checker (keys: ${Object.keys(target).join(', ')})`);
  for (const key of ['checked', 'failures', 'warnings']) {
    assert.ok(Number.isInteger(conformance[key]), `conformance.${key} is not an integer: ${JSON.stringify(conformance[key])}`);
  }
  assert.ok(Array.isArray(conformance.findings), 'conformance.findings is not an array');
  conformance.findings.forEach((f, i) => assertFinding(f, `conformance.findings[${i}]`));
  return { ...result, args, dir, report, target, conformance };
}

/**
 * `chatbench check ... --out DIR`; resolves to { code, check, target, probes, junit, ...io }.
 * `urlHint` explains a route mismatch when every probe gets 404.
 */
export async function chatbenchCheck(options) {
  await requireCheckCommand();
  const dir = outDir('check');
  const args = ['check', ...commonArgs(options), '--out', dir];
  const result = await chatbench(args);
  assert.notEqual(result.code, 2, `chatbench check rejected its input (exit 2)\n${result.stderr}`);
  const check = readJson(join(dir, 'check.json'), 'check.json', result);
  assert.equal(check.schema, 'chatbench.check/1');
  assert.equal(typeof check.passed, 'boolean', 'check.json "passed" is not a boolean');
  assert.equal(check.targets?.length, 1, 'check.json should have exactly one target');
  const target = check.targets[0];
  for (const key of ['name', 'profile']) {
    assert.equal(typeof target[key], 'string', `check.json targets[0].${key} is not a string`);
  }
  assert.equal(typeof target.passed, 'boolean');
  assert.ok(Array.isArray(target.probes) && target.probes.length > 0, 'check.json targets[0].probes is empty');
  for (const [i, probe] of target.probes.entries()) {
    assert.equal(typeof probe.name, 'string', `probes[${i}].name`);
    assert.equal(typeof probe.passed, 'boolean', `probes[${i}].passed`);
    assert.ok(Number.isInteger(probe.status), `probes[${i}].status is not an integer: ${probe.status}`);
    assert.ok(Array.isArray(probe.findings), `probes[${i}].findings is not an array`);
    probe.findings.forEach((f, j) => assertFinding(f, `probes[${i}] (${probe.name}).findings[${j}]`));
  }
  assert.ok(!probesOfKind(target.probes, 'positive').some((p) => p.status === 404),
    'the positive probe got 404: chatbench sent it to a route the peer does not serve' +
      (options.urlHint ? `: ${options.urlHint}` : '') + `\n${describeProbes(target.probes)}`);
  // The verdicts agree with each other and with the exit code.
  assert.equal(target.passed, target.probes.every((p) => p.passed), 'target.passed != every probe passed');
  assert.equal(check.passed, target.passed, 'check.passed != targets[0].passed');
  assert.equal(result.code, check.passed ? 0 : 1,
    `exit code ${result.code} does not match passed=${check.passed}\n${result.stderr}`);
  const junitPath = join(dir, 'junit.xml');
  assert.ok(existsSync(junitPath), 'junit.xml was not written');
  const junit = readFileSync(junitPath, 'utf8');
  assert.match(junit, /<testsuites?[\s>]/, 'junit.xml has no <testsuite> element');
  return { ...result, args, dir, check, target, probes: target.probes, junit };
}

// --- findings -------------------------------------------------------------------------------

const FINDING_KEYS = ['check', 'severity', 'pointer', 'profile', 'request_id', 'example', 'count'];

/** The contract's finding shape; severity must be a failure or a warning. */
export function assertFinding(f, where) {
  assert.ok(f && typeof f === 'object', `${where} is not an object`);
  for (const key of FINDING_KEYS) assert.ok(key in f, `${where} has no "${key}": ${JSON.stringify(f)}`);
  assert.equal(typeof f.check, 'string', `${where}.check`);
  assert.equal(typeof f.pointer, 'string', `${where}.pointer`);
  assert.ok(f.pointer === '' || f.pointer.startsWith('/'), `${where}.pointer is not a JSON pointer: ${f.pointer}`);
  assert.ok(Number.isInteger(f.count) && f.count >= 1, `${where}.count is not a positive integer: ${f.count}`);
  assert.ok(isFailure(f) || isWarning(f), `${where}.severity is neither a failure nor a warning: ${f.severity}`);
}

// The contract names the two levels "failures" and "warnings" (the conformance counters).
export const isFailure = (f) => /^(fail|failure|failed|error)$/i.test(String(f.severity));
export const isWarning = (f) => /^(warn|warning)$/i.test(String(f.severity));

export const describeFindings = (findings) =>
  findings.map((f) => `  ${f.severity} ${f.check} ${f.pointer} x${f.count} e.g. ${JSON.stringify(f.example)}`).join('\n') || '  (none)';

/**
 * The conformance counters agree with the listed findings. failures (warnings) counts the
 * responses with at least one failing (warning) finding, and a finding's count is the number of
 * responses it occurred in, so: max(count) <= failures <= min(checked, sum(count)).
 */
export function assertCountersMatch(conformance) {
  for (const [key, pred] of [['failures', isFailure], ['warnings', isWarning]]) {
    const counts = conformance.findings.filter(pred).map((f) => f.count);
    const low = counts.length ? Math.max(...counts) : 0;
    const high = Math.min(conformance.checked, counts.reduce((n, c) => n + c, 0));
    assert.ok(conformance[key] >= low && conformance[key] <= high,
      `conformance.${key}=${conformance[key]} is outside [${low}, ${high}] given the findings\n` +
        describeFindings(conformance.findings));
  }
}

/** Findings matching none of the allow-list entries ({ check, pointer: RegExp, why }). */
export const notAllowed = (findings, allowList) =>
  findings.filter((f) => !allowList.some((a) => a.check === f.check && a.pointer.test(f.pointer)));

// --- probes ---------------------------------------------------------------------------------

// on the probe name. A kind must match exactly one probe (for negative data, at least one).
// The probes `chatbench check` sends, by name (src/conformance/probes.hpp).
const named = (name) => (p) => p.name === name;
export const PROBE_KINDS = {
  minimal: named('minimal'),
  positive: (p) => p.check === 'positive_data_acceptance',
  missingCredentials: named('missing_credentials'),
  wrongCredentials: named('wrong_credentials'),
  missingField: named('missing_messages'),
  wrongType: named('messages_wrong_type'),
  unknownRole: named('unknown_role'),
  malformedJson: named('malformed_json'),
};

export const isStreamed = (p) => p.stream === true;

export function probesOfKind(probes, kind, { stream } = {}) {
  return probes.filter((p) => PROBE_KINDS[kind](p) && (stream === undefined || isStreamed(p) === stream));
}

/** The one probe of `kind` (non-streamed unless `stream`), or an assertion error naming all probes. */
export function probe(probes, kind, { stream = false } = {}) {
  const found = probesOfKind(probes, kind, { stream });
  assert.equal(found.length, 1,
    `expected one ${stream ? 'streamed ' : ''}"${kind}" probe, ` +
      `found ${found.length}; probes: ${probes.map((p) => p.name).join(', ')}`);
  return found[0];
}

export const describeProbes = (probes) =>
  probes.map((p) => `  ${p.passed ? 'pass' : 'FAIL'} ${p.name} (HTTP ${p.status})\n` +
    p.findings.map((f) => `      ${f.severity} ${f.check} ${f.pointer}`).join('\n')).join('\n');
