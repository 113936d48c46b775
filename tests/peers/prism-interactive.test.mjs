// Stoplight Prism mocking seed 002 (Interactive AI, specs/interactive.openapi.json, OpenAPI
// 3.0.3, route /chat/completions under the documented base https://app.interactive.ai/api/v1;
// Prism mock ignores servers[].url, so it serves /chat/completions at the root) against
// `chatbench run` and `chatbench check`. The spec is tested as published, with two Prism
// behaviours that make this peer non-conformant on purpose:
// - every `number`/`double` in the static answer is -1.7976931348623157e+308 (created,
//   choices[].index, every usage count), so usage does not add up;
// - the 19 `nullable: true` without `type` make Prism skip request validation silently: an
//   invalid request gets 200. chatbench must report that as negative_data_rejection.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { ONLY_SERVERS, VALID_REQUEST, postJson, startPrism } from './servers.mjs';
import {
  assertCountersMatch, chatbenchCheck, chatbenchRun, cleanOutputs, describeFindings,
  describeProbes, isFailure, notAllowed, probe, probesOfKind,
} from './chatbench.mjs';

const ROUTE = '/chat/completions';
const BEARER = { authorization: 'Bearer peers-test-key' };
const DBL_LOWEST = -1.7976931348623157e308;
// chatbench's interactive profile sends to <base>/api/v1/chat/completions (the documented base
// is https://app.interactive.ai/api/v1). Prism mock ignores servers[].url and serves the spec's
// path at the root, so the tests point the route at /chat/completions with --set.
const urlHint = 'the route is set to /chat/completions with --set targets.0.path; Prism mock ' +
  'serves the 002 path at the root, so <base>/api/v1/chat/completions is 404';
const skip = ONLY_SERVERS && 'PEERS_ONLY_SERVERS=1: server smoke tests only, chatbench not run';

// The failing findings this peer may produce in `chatbench run`, each a documented Prism quirk.
// Any other failing finding breaks the test. (Prism's static body is otherwise valid against
// schemas/interactive/response.schema.json; created and choices[0].index are -1.797e308, which
// is a whole number and typed `number` by the seed, so they are not findings.)
const PRISM_QUIRKS = [
  // prompt_tokens, completion_tokens and total_tokens are all -1.797e308: their sum overflows
  // to -Infinity, so total_tokens != prompt_tokens + completion_tokens. MUST be reported.
  { check: 'usage_conformance', pointer: /^\/usage\/total_tokens$/ },
  // Prism fills every string with "string" and picks finish_reason "tool_calls" with one tool
  // call, whose function.arguments "string" is not JSON.
  { check: 'tool_call_conformance', pointer: /^\/choices\/0\/message\/tool_calls\/0\/function\/arguments$/ },
];

describe('prism mock: seed 002 Interactive AI', () => {
  let prism;
  before(async () => {
    prism = await startPrism('interactive.openapi.json');
    console.log(`# prism(interactive) ready in ${prism.readyMs.toFixed(0)} ms (${prism.attempts} polls)`);
  }, { timeout: 45_000 });
  after(async () => {
    cleanOutputs();
    if (prism) {
      const stopped = await prism.stop();
      console.log(`# prism(interactive) stopped in ${stopped.ms.toFixed(0)} ms (${stopped.signal ?? stopped.code})`);
    }
  });

  describe('server smoke', () => {
    test('a valid request gets 200 with -1.797e308 for every double', async () => {
      const res = await postJson(prism.port, ROUTE, VALID_REQUEST, BEARER);
      assert.equal(res.status, 200, prism.logs());
      assert.match(res.headers['content-type'], /^application\/json/);
      assert.equal(res.json.created, DBL_LOWEST);
      assert.equal(res.json.choices[0].index, DBL_LOWEST);
      for (const key of ['prompt_tokens', 'completion_tokens', 'total_tokens']) {
        assert.equal(res.json.usage[key], DBL_LOWEST, key);
      }
    });
    test('request validation is skipped: invalid requests get 200', async () => {
      const { messages, ...noMessages } = VALID_REQUEST;
      for (const body of [{}, noMessages, { ...VALID_REQUEST, temperature: 'hot' },
        { ...VALID_REQUEST, messages: [{ role: 'wizard', content: 'hi' }] }]) {
        const res = await postJson(prism.port, ROUTE, body, BEARER);
        assert.equal(res.status, 200, JSON.stringify(body));
      }
    });
    test('no Authorization gets 401 with the spec example error', async () => {
      const res = await postJson(prism.port, ROUTE, VALID_REQUEST);
      assert.equal(res.status, 401);
      assert.deepEqual(Object.keys(res.json.error).sort(), ['code', 'message', 'param', 'type']);
    });
    test('the documented base path /api/v1 is not served by Prism mock (404)', async () => {
      const res = await postJson(prism.port, '/api/v1' + ROUTE, VALID_REQUEST, BEARER);
      assert.equal(res.status, 404);
    });
  });

  describe('chatbench', () => {
    test('run: fails on the usage quirk, and only on documented Prism quirks', { skip, timeout: 90_000 }, async () => {
      const r = await chatbenchRun({
        target: prism.url, provider: 'interactive', model: 'peers-model', path: ROUTE, expectUrl: prism.url + ROUTE, urlHint,
      });
      const detail = `\nfindings:\n${describeFindings(r.conformance.findings)}\nstderr:\n${r.stderr}`;
      assert.equal(r.target.http?.status?.['200'], 20, `every request should get HTTP 200${detail}`);
      assert.ok(r.conformance.checked >= 1, `no response was checked${detail}`);
      const failing = r.conformance.findings.filter(isFailure);
      assert.ok(failing.some((f) => f.check === 'usage_conformance' && f.pointer === '/usage/total_tokens'),
        `total_tokens != prompt_tokens + completion_tokens must be a usage_conformance failure${detail}`);
      assert.deepEqual(notAllowed(failing, PRISM_QUIRKS), [], `failures beyond the documented Prism quirks${detail}`);
      assert.ok(r.conformance.failures > 0);
      assertCountersMatch(r.conformance);
      assert.equal(r.code, 1, `conformance failures must make run exit 1${detail}`);
    });

    test('check: the negative probes get 200 and fail as negative_data_rejection', { skip, timeout: 90_000 }, async () => {
      const c = await chatbenchCheck({ target: prism.url, provider: 'interactive', model: 'peers-model', path: ROUTE, urlHint });
      const all = `\nprobes:\n${describeProbes(c.probes)}`;
      const negative = [
        ...probesOfKind(c.probes, 'missingField', { stream: false }),
        probe(c.probes, 'wrongType'),
        probe(c.probes, 'unknownRole'),
      ];
      assert.ok(negative.length >= 3, `expected the missing-field, wrong-type and unknown-role probes${all}`);
      for (const p of negative) {
        assert.equal(p.status, 200, `${p.name}: Prism skips request validation for this spec${all}`);
        assert.equal(p.passed, false, `${p.name}: an invalid request accepted with 200 must fail${all}`);
        assert.ok(p.findings.some((f) => f.check === 'negative_data_rejection' && isFailure(f)),
          `${p.name}: expected a negative_data_rejection failure${all}`);
      }
      // Security is still enforced: a missing key gets the spec's 401 example.
      const missingKey = probe(c.probes, 'missingCredentials');
      assert.equal(missingKey.status, 401, all);
      assert.ok(missingKey.passed, `the missing-credentials probe got the documented 401 and should pass${all}`);
      assert.equal(c.check.passed, false);
      assert.equal(c.code, 1);
    });
  });
});
