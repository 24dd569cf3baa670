import { afterEach } from 'vitest';
import { openApiViolations } from '../helpers/openapi-conformance.js';

// Any answer off the OpenAPI document, or accepted request the document calls invalid, fails its test.
afterEach(() => {
  const found = openApiViolations.splice(0);
  if (found.length > 0) throw new Error(`The traffic of this test drifted from the OpenAPI document:\n- ${found.join('\n- ')}`);
});
