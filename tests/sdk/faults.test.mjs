// Every injected fault, seen through the official openai SDK (openai profile). Faults are
// requested per call with the x-mock-fault header, and by request index with --fault.
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import OpenAI from 'openai';
import { startMock, collect, words } from './mock.mjs';

const TOKENS = 8;
const STALL_MS = 400;
const request = { model: 'm', messages: [{ role: 'user', content: 'hi' }] };

describe('faults by header', () => {
  let mock;
  let client;
  const create = (fault, body = {}, options = {}) =>
    client.chat.completions.create({ ...request, ...body },
                                   { headers: { 'x-mock-fault': fault }, ...options });
  const stream = (fault, options = {}) => create(fault, { stream: true }, options);

  before(async () => {
    mock = await startMock(['--output-tokens', String(TOKENS), '--itl', '1ms',
                            '--stall', `${STALL_MS}ms`, '--retry-after', '2']);
    client = new OpenAI({ apiKey: 'k', baseURL: mock.url + '/v1', maxRetries: 0, timeout: 5000 });
  });
  after(() => mock.stop());

  test('rate_limit: RateLimitError with Retry-After', async () => {
    await assert.rejects(create('rate_limit'), (e) =>
      e instanceof OpenAI.RateLimitError && e.status === 429 && e.headers.get('retry-after') === '2');
  });
  test('server_error: InternalServerError 500', async () => {
    await assert.rejects(create('server_error'),
                         (e) => e instanceof OpenAI.InternalServerError && e.status === 500);
  });
  test('unavailable: InternalServerError 503', async () => {
    await assert.rejects(create('unavailable'),
                         (e) => e instanceof OpenAI.InternalServerError && e.status === 503);
  });
  test('unauthorized: AuthenticationError', async () => {
    await assert.rejects(create('unauthorized'), (e) => e instanceof OpenAI.AuthenticationError);
  });
  test('stall_headers: APIConnectionTimeoutError at the client timeout', async () => {
    await assert.rejects(create('stall_headers', {}, { timeout: 150 }),
                         (e) => e instanceof OpenAI.APIConnectionTimeoutError);
  });
  test('stall_stream: a gap of the stall duration between two chunks', async () => {
    const start = performance.now();
    const { times } = await collect(await stream('stall_stream'), start);
    const gaps = times.slice(1).map((t, i) => t - times[i]);
    // Client-side times carry event-loop jitter: compare loosely, and the end strictly.
    assert.ok(Math.max(...gaps) >= 0.8 * STALL_MS, `largest gap ${Math.max(...gaps)} ms`);
    assert.ok(times.at(-1) >= STALL_MS, `stream took ${times.at(-1)} ms`);
  });
  test('malformed_json: SyntaxError, for a body and for one chunk', async () => {
    await assert.rejects(create('malformed_json'), SyntaxError);
    await assert.rejects(collect(await stream('malformed_json')), SyntaxError);
  });
  test('missing_field: no choices in the body / in one chunk', async () => {
    assert.equal((await create('missing_field')).choices, undefined);
    const { chunks } = await collect(await stream('missing_field'));
    assert.equal(chunks.filter((c) => c.choices === undefined).length, 1);
  });
  test('wrong_type: choices[0].index is a string', async () => {
    assert.equal(typeof (await create('wrong_type')).choices[0].index, 'string');
    const { chunks } = await collect(await stream('wrong_type'));
    assert.equal(chunks.filter((c) => typeof c.choices[0].index === 'string').length, 1);
  });
  test('no_done: the SDK ends the stream quietly, with every chunk', async () => {
    const { chunks } = await collect(await stream('no_done'));
    assert.equal(chunks.length, 1 + TOKENS + 1);
    assert.equal(chunks.at(-1).choices[0].finish_reason, 'stop');
  });
  test('error_event: APIError without status mid-stream; an error body after 200', async () => {
    await assert.rejects(collect(await stream('error_event')),
                         (e) => e instanceof OpenAI.APIError && e.status === undefined);
    const body = await create('error_event');
    assert.ok(body.error && body.error.message);
  });
  test('reset: a transport error mid-stream and mid-body', async () => {
    const transport = (e) => e instanceof TypeError || e instanceof OpenAI.APIConnectionError;
    await assert.rejects(collect(await stream('reset')), transport);
    await assert.rejects(create('reset'), transport);
  });
  for (const fault of ['keepalive_comments', 'crlf', 'split_events', 'crlf,split_events']) {
    test(`${fault}: the SDK still reads every chunk`, async () => {
      const { chunks } = await collect(await stream(fault));
      assert.equal(chunks.length, 1 + TOKENS + 1);
      const text = chunks.map((c) => c.choices[0]?.delta?.content ?? '').join('');
      assert.equal(words(text).length, TOKENS);
    });
  }
  test('wrong_content_type: the SDK returns text instead of an object', async () => {
    const body = await create('wrong_content_type');
    assert.equal(typeof body, 'string');
    assert.equal(JSON.parse(body).object, 'chat.completion');
  });
});

describe('faults by request index and probability', () => {
  let mock;
  let client;
  before(async () => {
    mock = await startMock(['--fault', 'rate_limit:at=2', '--fault', 'server_error:every=4',
                            '--seed', '7']);
    client = new OpenAI({ apiKey: 'k', baseURL: mock.url + '/v1', maxRetries: 0 });
  });
  after(() => mock.stop());

  test('request 2 gets a 429, every 4th a 500, the others succeed', async () => {
    const outcomes = [];
    for (let i = 1; i <= 8; ++i) {
      try {
        await client.chat.completions.create(request);
        outcomes.push(200);
      } catch (e) {
        outcomes.push(e.status);
      }
    }
    assert.deepEqual(outcomes, [200, 429, 200, 500, 200, 200, 200, 500]);
  });

  test('the SDK retries a 429 by itself when allowed to', async () => {
    // Request 9 succeeds; check the SDK's own retry on a scheduled 429 with a fresh server.
    const retrying = await startMock(['--fault', 'rate_limit:at=1', '--retry-after', '1']);
    try {
      const c = new OpenAI({ apiKey: 'k', baseURL: retrying.url + '/v1', maxRetries: 1 });
      const started = performance.now();
      const completion = await c.chat.completions.create(request);
      assert.equal(completion.object, 'chat.completion');
      assert.ok(performance.now() - started >= 900, 'waited for Retry-After: 1');
    } finally {
      await retrying.stop();
    }
  });
});
