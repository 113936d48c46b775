// Stoplight Prism mocking seed 000 (Infera, specs/infera.openapi.yaml, route /chat/completions,
// `api_key` header) against `chatbench run`. The spec's 200 schema is `{}`, so Prism's static
// answer is the JSON text `null`: valid JSON with nothing to check against. The Infera profile
// has no response schema, so chatbench may warn about such a body (a soft OpenAI reading) but
// must not fail it.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { ONLY_SERVERS, VALID_REQUEST, postJson, startPrism } from './servers.mjs';
import {
  assertCountersMatch, chatbenchRun, cleanOutputs, describeFindings, isFailure, isWarning,
} from './chatbench.mjs';

const ROUTE = '/chat/completions';
const API_KEY = { api_key: 'peers-test-key' };
const skip = ONLY_SERVERS && 'PEERS_ONLY_SERVERS=1: server smoke tests only, chatbench not run';

describe('prism mock: seed 000 Infera', () => {
  let prism;
  before(async () => {
    prism = await startPrism('infera.openapi.yaml');
    console.log(`# prism(infera) ready in ${prism.readyMs.toFixed(0)} ms (${prism.attempts} polls)`);
  }, { timeout: 45_000 });
  after(async () => {
    cleanOutputs();
    if (prism) {
      const stopped = await prism.stop();
      console.log(`# prism(infera) stopped in ${stopped.ms.toFixed(0)} ms (${stopped.signal ?? stopped.code})`);
    }
  });

  describe('server smoke', () => {
    test('a valid request with the api_key header gets 200 and the body null', async () => {
      const res = await postJson(prism.port, ROUTE, VALID_REQUEST, API_KEY);
      assert.equal(res.status, 200, prism.logs());
      assert.match(res.headers['content-type'], /^application\/json/);
      assert.equal(res.text, 'null');
    });
    test('no api_key, or a Bearer token instead, gets a Prism-made 401 problem+json', async () => {
      for (const headers of [{}, { authorization: 'Bearer peers-test-key' }]) {
        const res = await postJson(prism.port, ROUTE, VALID_REQUEST, headers);
        assert.equal(res.status, 401);
        assert.equal(res.headers['content-type'], 'application/problem+json');
      }
    });
    test('a request without temperature gets 422 with a FastAPI body', async () => {
      const { temperature, ...rest } = VALID_REQUEST;
      const res = await postJson(prism.port, ROUTE, rest, API_KEY);
      assert.equal(res.status, 422);
      assert.ok(Array.isArray(res.json.detail), res.text);
    });
    test('the documented base joined naively, //chat/completions, is 404', async () => {
      const res = await postJson(prism.port, '//chat/completions', VALID_REQUEST, API_KEY);
      assert.equal(res.status, 404);
    });
  });

  describe('chatbench', () => {
    test('run: the null body yields at most warnings, no conformance failures', { skip, timeout: 90_000 }, async () => {
      const r = await chatbenchRun({
        target: prism.url, provider: 'infera', model: 'peers-model', expectUrl: prism.url + ROUTE,
      });
      const detail = `\nfindings:\n${describeFindings(r.conformance.findings)}\nrequests: ` +
        `${JSON.stringify(r.target.requests)} ${JSON.stringify(r.target.failures)}\nstderr:\n${r.stderr}`;
      assert.equal(r.target.http?.status?.['200'], 20, `every request should get HTTP 200${detail}`);
      assert.ok(r.conformance.checked >= 1, `no response was checked${detail}`);
      assert.equal(r.conformance.failures, 0, `a null 200 body is not a failure for Infera${detail}`);
      const notWarnings = r.conformance.findings.filter((f) => !isWarning(f));
      assert.deepEqual(notWarnings, [], `findings other than warnings${detail}`);
      assert.equal(r.conformance.findings.filter(isFailure).length, 0);
      assertCountersMatch(r.conformance);
      assert.equal(r.code, 0, `exit code${detail}`);
    });
  });
});
