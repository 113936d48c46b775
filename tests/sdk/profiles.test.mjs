// Each provider profile of the mock, seen through the official openai SDK: non-streaming and
// streaming answers, auth and validation errors as the SDK's error classes.
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import OpenAI from 'openai';
import { startMock, collect, words } from './mock.mjs';

const KEY = 'sk-mock-test-key';
const TOKENS = 12;
const PROFILES = [
  { name: 'openai', prefix: '/v1', invalid: 400 },
  { name: 'infera', prefix: '', invalid: 422, apiKeyHeader: true, noStream: true },
  { name: 'fortytwo', prefix: '/v1', invalid: 422 },
  { name: 'interactive', prefix: '/api/v1', invalid: 400 },
  { name: '8080', prefix: '/v1', invalid: 400 },
  { name: 'solidrust', prefix: '/v1', invalid: 400 },
];
const request = {
  model: 'test-model',
  messages: [{ role: 'user', content: 'Say something deterministic, please.' }],
  max_tokens: 100,
  temperature: 0.5,
};

for (const profile of PROFILES) {
  describe(`profile ${profile.name}`, () => {
    let mock;
    let client;
    const clientWith = (key) =>
      new OpenAI({
        apiKey: key,
        baseURL: mock.url + profile.prefix,
        maxRetries: 0,
        timeout: 5000,
        defaultHeaders: profile.apiKeyHeader ? { api_key: key } : {},
      });

    before(async () => {
      mock = await startMock(
        ['--profile', profile.name, '--key-env', 'MOCK_KEY', '--output-tokens', String(TOKENS),
         '--tokens-per-chunk', '3', '--ttft', '30ms', '--itl', '2ms'],
        { MOCK_KEY: KEY });
      client = clientWith(KEY);
    });
    after(() => mock.stop());

    test('non-streaming answer with consistent usage', async () => {
      const completion = await client.chat.completions.create(request);
      const choice = completion.choices[0];
      assert.equal(choice.message.role, 'assistant');
      assert.equal(words(choice.message.content).length, TOKENS);
      assert.equal(choice.finish_reason, 'stop');
      assert.equal(Number(completion.usage.completion_tokens), TOKENS);
      assert.equal(Number(completion.usage.total_tokens),
                   Number(completion.usage.prompt_tokens) + TOKENS);
      assert.ok(Number(completion.usage.prompt_tokens) > 0);
    });

    test('max_tokens cuts the answer short with finish_reason length', async () => {
      const completion = await client.chat.completions.create({ ...request, max_tokens: 5 });
      assert.equal(words(completion.choices[0].message.content).length, 5);
      assert.equal(completion.choices[0].finish_reason, 'length');
    });

    if (profile.noStream) {
      test('stream: true is ignored (FastAPI drops unknown fields): JSON, no SSE events', async () => {
        const stream = await client.chat.completions.create({ ...request, stream: true });
        const { chunks } = await collect(stream);
        assert.equal(chunks.length, 0);
        const raw = await fetch(mock.url + '/chat/completions', {
          method: 'POST',
          headers: { 'content-type': 'application/json', api_key: KEY },
          body: JSON.stringify({ ...request, stream: true }),
        });
        assert.match(raw.headers.get('content-type'), /application\/json/);
        assert.equal(words((await raw.json()).choices[0].message.content).length, TOKENS);
      });
    } else {
      test('streaming answer in the chunk format, with usage', async () => {
        const start = performance.now();
        const stream = await client.chat.completions.create({
          ...request, stream: true, stream_options: { include_usage: true },
        });
        const { chunks, times } = await collect(stream, start);
        assert.equal(chunks[0].choices[0].delta.role, 'assistant');
        const text = chunks.map((c) => c.choices[0]?.delta?.content ?? '').join('');
        assert.equal(words(text).length, TOKENS);
        const contentAt = times[chunks.findIndex((c) => c.choices[0]?.delta?.content)];
        assert.ok(contentAt >= 29, `first content after ${contentAt} ms, TTFT is 30 ms`);
        const finish = chunks.find((c) => c.choices[0]?.finish_reason);
        assert.equal(finish.choices[0].finish_reason, 'stop');
        const usage = chunks.at(-1);
        assert.deepEqual(usage.choices, []);
        assert.equal(Number(usage.usage.completion_tokens), TOKENS);
        assert.ok(new Set(chunks.map((c) => c.id)).size === 1, 'one id per stream');
      });
    }

    test('a wrong key is an AuthenticationError', async () => {
      await assert.rejects(clientWith('wrong').chat.completions.create(request),
                           (e) => e instanceof OpenAI.AuthenticationError && e.status === 401);
    });

    test(`an invalid request is a ${profile.invalid}`, async () => {
      const expected = profile.invalid === 422 ? OpenAI.UnprocessableEntityError
                                               : OpenAI.BadRequestError;
      await assert.rejects(client.chat.completions.create({ ...request, messages: 'nope' }),
                           (e) => e instanceof expected && e.status === profile.invalid);
    });

    test('the models list answers', async () => {
      const page = await client.models.list();
      assert.ok(page.data.length >= 1);
    });
  });
}
