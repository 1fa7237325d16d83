'use strict';
// `npm run openapi`: builds, writes the OpenAPI document to docs/openapi.json and the TypeScript
// client types generated from it (openapi-typescript) to test/contract/generated/reclaim-api.ts,
// which `npm run typecheck` checks a usage sample against. Both are committed.
// `npm run openapi -- --check` writes nothing and fails if either file differs from what the code
// produces (CI runs it).
const { spawnSync } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

const ROOT = path.join(__dirname, '..');
const TYPES_FILE = 'test/contract/generated/reclaim-api.ts';

function run(args) {
  const result = spawnSync(process.execPath, args, { cwd: ROOT, stdio: ['ignore', 'inherit', 'inherit'] });
  if (result.status !== 0) process.exit(result.status ?? 1);
}

async function main() {
  const check = process.argv.includes('--check');
  run([path.join(ROOT, 'node_modules/typescript/bin/tsc'), '-p', 'tsconfig.build.json']);
  const { buildCommittedOpenApiDocument, documentText, OPENAPI_FILE } = require(path.join(ROOT, 'dist/src/openapi-file.js'));
  const documentJson = documentText(await buildCommittedOpenApiDocument());
  const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'reclaim-openapi-'));
  const scratchDocument = path.join(scratch, 'openapi.json');
  const scratchTypes = path.join(scratch, 'reclaim-api.ts');
  fs.writeFileSync(scratchDocument, documentJson);
  run([path.join(ROOT, 'node_modules/openapi-typescript/bin/cli.js'), scratchDocument, '--output', scratchTypes, '--silent']);
  const outputs = [
    [OPENAPI_FILE, documentJson],
    [TYPES_FILE, fs.readFileSync(scratchTypes, 'utf8')],
  ];
  fs.rmSync(scratch, { recursive: true, force: true });
  const stale = outputs.filter(([file, text]) => !fs.existsSync(path.join(ROOT, file)) || fs.readFileSync(path.join(ROOT, file), 'utf8') !== text).map(([file]) => file);
  if (check) {
    if (stale.length > 0) {
      process.stderr.write(`${stale.join(' and ')} differ from what the code produces: run \`npm run openapi\` and commit the result.\n`);
      process.exit(1);
    }
    process.stdout.write('docs/openapi.json and the generated client types are up to date\n');
    return;
  }
  for (const [file, text] of outputs) {
    fs.mkdirSync(path.dirname(path.join(ROOT, file)), { recursive: true });
    fs.writeFileSync(path.join(ROOT, file), text);
  }
  process.stdout.write(`wrote ${outputs.map(([file]) => file).join(' and ')}\n`);
}

main().catch((err) => {
  process.stderr.write(`npm run openapi failed: ${err.stack ?? err.message}\n`);
  process.exit(1);
});
