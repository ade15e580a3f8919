import assert from 'node:assert/strict';
import { it } from 'node:test';
import { exampleTurtle, parseTurtle, validate } from './shacl-harness.ts';

it('validation harness self-test: the official DCAT-AP.de 3.0 example has exactly 3 sh:Violation results', async () => {
  const r = await validate(parseTurtle(exampleTurtle()));
  const shViolations = r.violations.filter((v) => v.severity === 'http://www.w3.org/ns/shacl#Violation');
  assert.equal(shViolations.length, 3);
});
