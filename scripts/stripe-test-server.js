'use strict';
// `npm run stripe:test-server`: the test Stripe server (test/support/stripe-server) as a process,
// for a demo or a closing walk-through against a running service (docs/stripe.md). Its TypeScript
// is compiled on load with SWC, as Jest does.
const { transformSync } = require('@swc/core');
const fs = require('node:fs');
const path = require('node:path');

require.extensions['.ts'] = (module, filename) => {
  const { code } = transformSync(fs.readFileSync(filename, 'utf8'), {
    filename,
    jsc: { parser: { syntax: 'typescript' }, target: 'es2022' },
    module: { type: 'commonjs' },
  });
  module._compile(code, filename);
};

require(path.join(__dirname, '..', 'test', 'support', 'stripe-server', 'main.ts'));
