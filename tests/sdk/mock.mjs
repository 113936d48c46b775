// Starts `chatbench mock` as a child process on an ephemeral loopback port and stops it.
// The binary is $CHATBENCH_BIN, else the first of build/{release,ci,dev,clang}/chatbench.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createInterface } from 'node:readline';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

export function chatbenchBinary() {
  if (process.env.CHATBENCH_BIN) return process.env.CHATBENCH_BIN;
  for (const preset of ['release', 'ci', 'dev', 'clang']) {
    const candidate = join(root, 'build', preset, 'chatbench');
    if (existsSync(candidate)) return candidate;
  }
  throw new Error('no chatbench binary: build one (./build.sh build release) or set CHATBENCH_BIN');
}

/** Resolves to { url, stop() } once the mock prints "listening on URL". */
export function startMock(args, env = {}) {
  const child = spawn(chatbenchBinary(), ['mock', '--listen', '127.0.0.1:0', ...args], {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr.on('data', (d) => (stderr += d));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`mock did not start within 5 s: ${stderr}`));
    }, 5000);
    child.on('exit', (code) => reject(new Error(`mock exited with ${code}: ${stderr}`)));
    createInterface({ input: child.stdout }).on('line', (line) => {
      const match = /^listening on (http:\/\/\S+)$/.exec(line);
      if (!match) return;
      clearTimeout(timer);
      resolve({
        url: match[1],
        stop: () =>
          new Promise((done) => {
            child.removeAllListeners('exit');
            child.on('exit', done);
            child.kill('SIGTERM');
          }),
      });
    });
  });
}

/** Reads a whole SDK stream: the chunks and the time each arrived (ms after `start`). */
export async function collect(stream, start = performance.now()) {
  const chunks = [];
  const times = [];
  for await (const chunk of stream) {
    chunks.push(chunk);
    times.push(performance.now() - start);
  }
  return { chunks, times };
}

export const words = (text) => text.trim().split(/\s+/).filter(Boolean);
