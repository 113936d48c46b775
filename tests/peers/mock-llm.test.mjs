// @dwmkerr/mock-llm 0.1.29 with its default configuration (POST /v1/chat/completions echoes the
// last message) against `chatbench run --provider openai`. Its answers are OpenAI-like but not
// conformant: the body has no `created`, no `choices[].index` and no `usage`; the SSE chunks
// have no `created`. chatbench must flag the missing fields and exit 1.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { ONLY_SERVERS, VALID_REQUEST, httpRequest, postJson, startMockLlm } from './servers.mjs';
import { chatbenchRun, cleanOutputs, describeFindings, isFailure } from './chatbench.mjs';

const ROUTE = '/v1/chat/completions';
const skip = ONLY_SERVERS && 'PEERS_ONLY_SERVERS=1: server smoke tests only, chatbench not run';

const hasFailure = (findings, check, pointer) =>
  findings.some((f) => isFailure(f) && f.check === check && f.pointer === pointer);

describe('mock-llm (default configuration)', () => {
  let mock;
  before(async () => {
    mock = await startMockLlm();
    console.log(`# mock-llm ready in ${mock.readyMs.toFixed(0)} ms (${mock.attempts} polls)`);
  }, { timeout: 45_000 });
  after(async () => {
    cleanOutputs();
    if (mock) {
      const stopped = await mock.stop();
      console.log(`# mock-llm stopped in ${stopped.ms.toFixed(0)} ms (${stopped.signal ?? stopped.code})`);
    }
  });

  describe('server smoke', () => {
    test('/health answers 200', async () => {
      const res = await httpRequest(mock.port, { path: '/health' });
      assert.equal(res.status, 200);
      assert.deepEqual(res.json, { status: 'healthy' });
    });
    test('non-streamed: an echo without created, choices[0].index and usage', async () => {
      const res = await postJson(mock.port, ROUTE, VALID_REQUEST);
      assert.equal(res.status, 200, mock.logs());
      assert.equal(res.headers['content-type'], 'application/json; charset=utf-8');
      assert.equal(res.json.object, 'chat.completion');
      assert.equal(res.json.choices[0].message.content, VALID_REQUEST.messages[0].content);
      assert.equal(res.json.choices[0].finish_reason, 'stop');
      assert.ok(!('created' in res.json), res.text);
      assert.ok(!('index' in res.json.choices[0]), res.text);
      assert.ok(!('usage' in res.json), res.text);
    });
    test('streamed: SSE chunks without created, then [DONE]; no usage chunk', async () => {
      const res = await postJson(mock.port, ROUTE, {
        ...VALID_REQUEST, stream: true, stream_options: { include_usage: true },
      });
      assert.equal(res.status, 200);
      assert.equal(res.headers['content-type'], 'text/event-stream');
      const data = res.text.split('\n').filter((l) => l.startsWith('data: ')).map((l) => l.slice(6));
      assert.equal(data.at(-1), '[DONE]', res.text);
      const chunks = data.slice(0, -1).map((d) => JSON.parse(d));
      assert.ok(chunks.length >= 1, res.text);
      for (const chunk of chunks) {
        assert.equal(chunk.object, 'chat.completion.chunk');
        assert.ok(!('created' in chunk), JSON.stringify(chunk));
        assert.ok(!('usage' in chunk), JSON.stringify(chunk));
        assert.equal(chunk.choices[0].index, 0);
      }
      assert.equal(chunks[0].choices[0].delta.role, 'assistant');
      assert.equal(chunks.at(-1).choices[0].finish_reason, 'stop');
    });
  });

  describe('chatbench', () => {
    test('run, non-streamed: missing /created and /choices/0/index fail, exit 1', { skip, timeout: 90_000 }, async () => {
      const r = await chatbenchRun({
        target: mock.url, provider: 'openai', model: 'peers-model', expectUrl: mock.url + ROUTE,
      });
      const detail = `\nfindings:\n${describeFindings(r.conformance.findings)}\nstderr:\n${r.stderr}`;
      assert.equal(r.target.http?.status?.['200'], 20, `every request should get HTTP 200${detail}`);
      assert.ok(hasFailure(r.conformance.findings, 'response_schema_conformance', '/created'),
        `expected a response_schema_conformance failure at /created${detail}`);
      assert.ok(hasFailure(r.conformance.findings, 'response_schema_conformance', '/choices/0/index'),
        `expected a response_schema_conformance failure at /choices/0/index${detail}`);
      assert.ok(r.conformance.failures > 0, detail);
      assert.equal(r.code, 1, `conformance failures must make run exit 1${detail}`);
    });

    test('run, streamed: chunks missing /created fail, exit 1', { skip, timeout: 90_000 }, async () => {
      const r = await chatbenchRun({
        target: mock.url, provider: 'openai', model: 'peers-model', stream: true, expectUrl: mock.url + ROUTE,
      });
      const detail = `\nfindings:\n${describeFindings(r.conformance.findings)}\nstderr:\n${r.stderr}`;
      assert.equal(r.target.stream, true);
      assert.equal(r.target.http?.status?.['200'], 20, `every request should get HTTP 200${detail}`);
      assert.ok(hasFailure(r.conformance.findings, 'chunk_schema_conformance', '/created'),
        `expected a chunk_schema_conformance failure at /created${detail}`);
      assert.ok(r.conformance.failures > 0, detail);
      assert.equal(r.code, 1, `conformance failures must make run exit 1${detail}`);
    });
  });
});
