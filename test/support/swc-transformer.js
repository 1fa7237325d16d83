'use strict';
// Jest transformer: our TypeScript through SWC, plus the ES-module files of dependencies
// (NestJS 12 and several of its dependencies ship ESM only, which Jest cannot require() on
// Node 20). CommonJS files of dependencies are passed through untouched.
const { createTransformer } = require('@swc/jest');

const swc = createTransformer({
  jsc: {
    parser: { syntax: 'typescript', decorators: true },
    transform: { legacyDecorator: true, decoratorMetadata: true, useDefineForClassFields: false },
    target: 'es2022',
    keepClassNames: true,
  },
  module: { type: 'commonjs' },
  sourceMaps: 'inline',
});

const ESM_SYNTAX = /^\s*(import\s*[\w*{'"]|export\s)|import\.meta/m;

module.exports = {
  canInstrument: false,
  getCacheKey(src, filename, options) {
    return swc.getCacheKey(src, filename, options);
  },
  process(src, filename, options) {
    if (filename.includes('/node_modules/') && !ESM_SYNTAX.test(src)) return { code: src };
    return swc.process(src, filename, options);
  },
};
