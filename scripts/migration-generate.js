'use strict';
// `npm run migration:generate -- <Name>`: diffs the compiled entities against the database named
// by DATABASE_URL and writes migrations/<timestamp>-<name>.ts. Append the new class to
// migrations/index.ts (the app and the CLI run exactly that list, in order).
const { spawnSync } = require('node:child_process');
const path = require('node:path');

const name = process.argv[2];
if (!name || !/^[A-Za-z][A-Za-z0-9]*$/.test(name)) {
  process.stderr.write('usage: npm run migration:generate -- <PascalCaseName>\n');
  process.exit(2);
}
const root = path.resolve(__dirname, '..');
const run = spawnSync(
  process.execPath,
  [path.join(root, 'node_modules/typeorm/cli.js'), 'migration:generate', '-d', 'dist/src/database/data-source.js', path.join('migrations', name), '--pretty'],
  { cwd: root, stdio: 'inherit' },
);
if (run.status === 0) process.stdout.write(`\nNow append the new class to migrations/index.ts.\n`);
process.exit(run.status ?? 1);
