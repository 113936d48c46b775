// Stoplight Prism mocking seed 001 (Fortytwo, specs/fortytwo.openapi.yaml, route
// /v1/chat/completions, Bearer auth) against `chatbench run` and `chatbench check`.
// Prism answers a valid request with the spec's static example (id "string", created 0,
// message role "user", zero usage), which is conformant to the Fortytwo spec.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { ONLY_SERVERS, VALID_REQUEST, postJson, startPrism } from './servers.mjs';
import {
  assertCountersMatch, chatbenchCheck, chatbenchRun, cleanOutputs, describeFindings,
  describeProbes, isFailure, isStreamed, probe, probesOfKind,
} from './chatbench.mjs';

const ROUTE = '/v1/chat/completions';
const BEARER = { authorization: 'Bearer peers-test-key' };
const skip = ONLY_SERVERS && 'PEERS_ONLY_SERVERS=1: server smoke tests only, chatbench not run';

describe('prism mock: seed 001 Fortytwo', () => {
  let prism;
  before(async () => {
    prism = await startPrism('fortytwo.openapi.yaml');
    console.log(`# prism(fortytwo) ready in ${prism.readyMs.toFixed(0)} ms (${prism.attempts} polls)`);
  }, { timeout: 45_000 });
  after(async () => {
    cleanOutputs();
    if (prism) {
      const stopped = await prism.stop();
      console.log(`# prism(fortytwo) stopped in ${stopped.ms.toFixed(0)} ms (${stopped.signal ?? stopped.code})`);
    }
  });

  describe('server smoke', () => {
    test('a valid request gets 200 and the static example body', async () => {
      const res = await postJson(prism.port, ROUTE, VALID_REQUEST, BEARER);
      assert.equal(res.status, 200, prism.logs());
      assert.match(res.headers['content-type'], /^application\/json/);
      assert.equal(res.json.id, 'string');
      assert.equal(res.json.created, 0);
      assert.equal(res.json.choices[0].message.role, 'user');
      assert.deepEqual(res.json.usage, { prompt_tokens: 0, completion_tokens: 0, total_tokens: 0 });
    });
    test('no Authorization gets 401 with the spec example; a wrong key gets 200', async () => {
      const missing = await postJson(prism.port, ROUTE, VALID_REQUEST);
      assert.equal(missing.status, 401);
      assert.equal(missing.json.error.type, 'authentication_error');
      const wrong = await postJson(prism.port, ROUTE, VALID_REQUEST, { authorization: 'Bearer wrong' });
      assert.equal(wrong.status, 200, 'Prism only checks that a Bearer token is present');
    });
    test('a request without messages gets 422 with a FastAPI body', async () => {
      const { messages, ...rest } = VALID_REQUEST;
      const res = await postJson(prism.port, ROUTE, rest, BEARER);
      assert.equal(res.status, 422);
      assert.ok(Array.isArray(res.json.detail), res.text);
      assert.match(res.headers['sl-violations'], /required property 'messages'/);
    });
    test('malformed JSON gets Prism\'s own 400, not the spec\'s error shape', async () => {
      const res = await postJson(prism.port, ROUTE, '{"model":', BEARER);
      assert.equal(res.status, 400);
      assert.equal(res.headers['content-type'], 'application/json; charset=utf-8');
      assert.deepEqual(res.json, { error: { code: 'invalid_json', message: 'Invalid JSON' } });
    });
    test('the route without /v1 is not served (404)', async () => {
      const res = await postJson(prism.port, '/chat/completions', VALID_REQUEST, BEARER);
      assert.equal(res.status, 404);
    });
  });

  describe('chatbench', () => {
    test('run, non-streamed: every request ok, no conformance failures, exit 0', { skip, timeout: 90_000 }, async () => {
      const r = await chatbenchRun({
        target: prism.url, provider: 'fortytwo', model: 'fortytwo-prime', expectUrl: prism.url + ROUTE,
      });
      const detail = `\nfindings:\n${describeFindings(r.conformance.findings)}\nstderr:\n${r.stderr}`;
      assert.equal(r.conformance.failures, 0, `conformance failures against a conformant peer${detail}`);
      assert.equal(r.conformance.findings.filter(isFailure).length, 0, detail);
      assert.ok(r.conformance.checked >= 1, `no response was checked${detail}`);
      assertCountersMatch(r.conformance);
      assert.equal(r.target.requests.ok, 20, `not every request was ok: ${JSON.stringify(r.target.requests)} ` +
        `${JSON.stringify(r.target.failures)}`);
      assert.equal(r.target.requests.failed, 0);
      assert.equal(r.code, 0, `exit code${detail}`);
    });

    test('check: Prism enforces what the spec says; only its quirks fail', { skip, timeout: 90_000 }, async () => {
      const c = await chatbenchCheck({ target: prism.url, provider: 'fortytwo', model: 'fortytwo-prime' });
      const all = `\nprobes:\n${describeProbes(c.probes)}`;

      const positive = probe(c.probes, 'minimal');
      assert.equal(positive.status, 200, all);
      assert.ok(positive.passed, `the positive probe failed${all}`);

      const missingKey = probe(c.probes, 'missingCredentials');
      assert.equal(missingKey.status, 401, all);
      assert.ok(missingKey.passed, `the missing-credentials probe failed${all}`);

      const missingField = probesOfKind(c.probes, 'missingField', { stream: false });
      assert.ok(missingField.length >= 1, `no missing-field probe${all}`);
      for (const p of missingField) {
        assert.equal(p.status, 422, `${p.name}: Prism answers a missing required field with 422${all}`);
        assert.ok(p.passed, `${p.name}: 422 with a FastAPI {"detail":[...]} body should pass${all}`);
      }
      // Prism also validates types and the role enum (user|system|assistant) with 422.
      for (const kind of ['wrongType', 'unknownRole']) {
        const p = probe(c.probes, kind);
        assert.equal(p.status, 422, `${p.name}${all}`);
        assert.ok(p.passed, `${p.name}: 422 with a FastAPI body should pass${all}`);
      }

      // Known Prism quirks, the only probes allowed to fail:
      const allowedToFail = new Set();
      // - Prism only checks that a Bearer token is present: a wrong key gets 200. chatbench
      //   must catch that, so this probe has to FAIL.
      const wrongKey = probe(c.probes, 'wrongCredentials');
      assert.equal(wrongKey.status, 200, all);
      assert.equal(wrongKey.passed, false, `a 200 for a wrong key must fail the probe${all}`);
      allowedToFail.add(wrongKey.name);
      // - Unparseable JSON gets Prism's own 400 {"error":{"code":"invalid_json","message":...}}
      //   (not from the spec), which lacks the `type` the spec's 400 schema requires
      //   (error_schema_conformance at /error/type): may fail, on that body shape only.
      const malformed = probe(c.probes, 'malformedJson');
      assert.equal(malformed.status, 400, all);
      if (!malformed.passed) {
        const other = malformed.findings.filter(isFailure)
          .filter((f) => !(f.check === 'error_schema_conformance' && /^\/error(\/|$)/.test(f.pointer)));
        assert.deepEqual(other, [], `${malformed.name} failed for more than the 400 body shape${all}`);
        allowedToFail.add(malformed.name);
      }

      // - Prism cannot stream: `stream: true` gets the JSON example (406 with Accept:
      //   text/event-stream). If check sends a streamed positive probe because the profile
      //   streams, it may fail.
      for (const p of c.probes.filter(isStreamed)) allowedToFail.add(p.name);

      const unexpected = c.probes.filter((p) => !p.passed && !allowedToFail.has(p.name));
      assert.deepEqual(unexpected.map((p) => p.name), [], `probes failed beyond the known Prism quirks${all}`);
      assert.equal(c.code, 1, 'the wrong-key probe fails, so check exits 1');
    });
  });
});
