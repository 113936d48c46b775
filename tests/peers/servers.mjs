// Starts the real peer servers on a free loopback port and stops them: Stoplight Prism mocking
// one of the seed specs in specs/, and @dwmkerr/mock-llm with its default configuration.
// Each server runs in its own process group (spawn detached), so stop() signals the whole group.
// Readiness is polled with a bounded number of attempts and a total time limit; on failure the
// server's stdout and stderr are in the error message. All traffic goes to 127.0.0.1.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { request } from 'node:http';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const peersDir = dirname(fileURLToPath(import.meta.url));
export const HOST = '127.0.0.1';

const READY_TIMEOUT_MS = 30_000; // total time a server gets to answer its first request
const READY_ATTEMPTS = 300; // at most this many polls, 100 ms apart
const POLL_INTERVAL_MS = 100;
const STOP_GRACE_MS = 5_000; // SIGTERM, then SIGKILL after this long
const LOG_LIMIT = 256 * 1024; // keep the last 256 KiB of each stream
const PORT_ATTEMPTS = 3; // a new port when the one we picked was taken in between

const live = new Set(); // process groups still running, killed on exit whatever happens
const scratch = new Set(); // temporary directories, removed on exit whatever happens
process.on('exit', () => {
  for (const pid of live) {
    try {
      process.kill(-pid, 'SIGKILL');
    } catch {
      // already gone
    }
  }
  for (const dir of scratch) rmSync(dir, { recursive: true, force: true });
});

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/** A port that was free a moment ago: bind 127.0.0.1:0, read the port, close. */
export function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, HOST, () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

/**
 * One HTTP/1.1 request to 127.0.0.1 without keep-alive. Resolves to { status, headers, text };
 * `json` parses the text when it is JSON. Rejects on transport errors and after `timeoutMs`.
 */
export function httpRequest(port, { method = 'GET', path = '/', headers = {}, body, timeoutMs = 5000 } = {}) {
  return new Promise((resolve, reject) => {
    const req = request(
      { host: HOST, port, method, path, headers, agent: false, timeout: timeoutMs },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (d) => (text += d));
        res.on('end', () => {
          let json;
          try {
            json = JSON.parse(text);
          } catch {
            json = undefined;
          }
          resolve({ status: res.statusCode, headers: res.headers, text, json });
        });
        res.on('error', reject);
      },
    );
    req.on('timeout', () => req.destroy(new Error(`no answer from ${HOST}:${port}${path} in ${timeoutMs} ms`)));
    req.on('error', reject);
    if (body !== undefined) req.write(typeof body === 'string' ? body : JSON.stringify(body));
    req.end();
  });
}

/** POST a JSON (or raw string) body. */
export const postJson = (port, path, body, headers = {}) =>
  httpRequest(port, {
    method: 'POST',
    path,
    body,
    headers: { 'content-type': 'application/json', ...headers },
  });

function tail(text) {
  return text.length > LOG_LIMIT ? text.slice(text.length - LOG_LIMIT) : text;
}

/**
 * Spawns `command args` in a new process group and polls `ready(port)` until it resolves true.
 * Resolves to a server handle: { name, port, url, pid, readyMs, logs(), stop() }.
 */
async function startOnce(name, makeSpawn, ready, port) {
  const { command, args, env, cwd } = makeSpawn(port);
  const started = performance.now();
  const child = spawn(command, args, {
    cwd,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  live.add(child.pid);
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (d) => (stdout = tail(stdout + d)));
  child.stderr.setEncoding('utf8').on('data', (d) => (stderr = tail(stderr + d)));
  let exited = null;
  const exitPromise = new Promise((resolve) =>
    child.on('exit', (code, signal) => {
      live.delete(child.pid);
      exited = { code, signal };
      resolve(exited);
    }),
  );
  child.on('error', (error) => (exited = { code: null, signal: null, error }));
  const logs = () => `--- ${name} stderr ---\n${stderr}\n--- ${name} stdout ---\n${stdout}`;

  const stop = async () => {
    if (exited) return { ...exited, ms: 0 };
    const t0 = performance.now();
    const signalGroup = (sig) => {
      try {
        process.kill(-child.pid, sig);
      } catch {
        // the group is gone already
      }
    };
    // The exit, or null after `ms`; the timer is cleared so it does not hold the event loop.
    const exitWithin = (ms) => {
      let timer;
      const timeout = new Promise((resolve) => (timer = setTimeout(resolve, ms, null)));
      return Promise.race([exitPromise, timeout]).finally(() => clearTimeout(timer));
    };
    signalGroup('SIGTERM');
    let result = await exitWithin(STOP_GRACE_MS);
    if (!result) {
      signalGroup('SIGKILL');
      result = await exitWithin(STOP_GRACE_MS);
    }
    // Whatever the leader did, nothing of the group may outlive the test file.
    signalGroup('SIGKILL');
    return { ...(result ?? { code: null, signal: 'unknown' }), ms: performance.now() - t0 };
  };

  const deadline = started + READY_TIMEOUT_MS;
  let lastError = 'no attempt made';
  for (let attempt = 1; attempt <= READY_ATTEMPTS && performance.now() < deadline; ++attempt) {
    if (exited) break;
    try {
      if (await ready(port)) {
        if (exited) break;
        const readyMs = performance.now() - started;
        return { name, port, url: `http://${HOST}:${port}`, pid: child.pid, readyMs, attempts: attempt, logs, stop };
      }
      lastError = 'not ready yet';
    } catch (error) {
      lastError = error.message;
    }
    await sleep(POLL_INTERVAL_MS);
  }
  const why = exited
    ? `exited early (code ${exited.code}, signal ${exited.signal}${exited.error ? `, ${exited.error.message}` : ''})`
    : `not ready after ${Math.round(performance.now() - started)} ms (last poll: ${lastError})`;
  await stop();
  const error = new Error(`${name} on ${HOST}:${port} ${why}\n${logs()}`);
  error.addressInUse = /EADDRINUSE/.test(stdout + stderr);
  throw error;
}

async function start(name, makeSpawn, ready) {
  let lastError;
  for (let i = 0; i < PORT_ATTEMPTS; ++i) {
    try {
      return await startOnce(name, makeSpawn, ready, await freePort());
    } catch (error) {
      lastError = error;
      if (!error.addressInUse) break; // only a port race is worth another try
    }
  }
  throw lastError;
}

/**
 * `prism mock -h 127.0.0.1 -p PORT specs/<spec>`. Ready once any HTTP answer arrives (Prism
 * answers GET / with a 404 problem+json: no such route in the chat-completions specs).
 */
export function startPrism(spec) {
  return start(
    `prism(${spec})`,
    (port) => ({
      command: join(peersDir, 'node_modules', '.bin', 'prism'),
      args: ['mock', '-h', HOST, '-p', String(port), join(peersDir, 'specs', spec)],
      cwd: peersDir,
      env: { NO_COLOR: '1', FORCE_COLOR: '0' },
    }),
    async (port) => {
      const res = await httpRequest(port, { path: '/', timeoutMs: 1000 });
      return res.status > 0;
    },
  );
}

/**
 * `HOST=127.0.0.1 PORT=... mock-llm` with its built-in default configuration. It runs in an
 * empty temporary directory because mock-llm loads ./mock-llm.yaml from its working directory
 * when one exists. Ready once GET /health answers 200.
 */
export async function startMockLlm() {
  const cwd = mkdtempSync(join(tmpdir(), 'chatbench-mock-llm-'));
  scratch.add(cwd);
  const removeCwd = () => {
    rmSync(cwd, { recursive: true, force: true });
    scratch.delete(cwd);
  };
  try {
    const server = await start(
      'mock-llm',
      (port) => ({
        command: join(peersDir, 'node_modules', '.bin', 'mock-llm'),
        args: [],
        cwd,
        env: { HOST, PORT: String(port) },
      }),
      async (port) => (await httpRequest(port, { path: '/health', timeoutMs: 1000 })).status === 200,
    );
    const stop = server.stop;
    server.stop = async () => {
      const result = await stop();
      removeCwd();
      return result;
    };
    return server;
  } catch (error) {
    removeCwd();
    throw error;
  }
}

/** The chat request every smoke test sends (valid for all three seed specs). */
export const VALID_REQUEST = {
  model: 'peers-model',
  messages: [{ role: 'user', content: 'Write a haiku about latency.' }],
  max_tokens: 16,
  temperature: 0.5,
};

/** true when only the server start/stop smoke tests run (PEERS_ONLY_SERVERS=1). */
export const ONLY_SERVERS = process.env.PEERS_ONLY_SERVERS === '1';
