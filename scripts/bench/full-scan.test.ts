import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { test } from 'node:test';
import { readHotpathRun, scanFiles } from './full-scan';
import { timed } from './measure';

const bin = path.resolve(__dirname, '../../bin/hotpath.js');

test("the folder benchmark reads the CLI's findings, file count and type-checker cost, and gives ESLint the files Hotpath analyses", async () => {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'hotpath-full-scan-'));
  try {
    const files: Record<string, string> = {
      'package.json': '{ "name": "teams", "dependencies": { "sequelize": "6" } }',
      '.gitignore': 'generated/\n',
      'generated/client.ts': 'export const x = 1;\n',
      'src/models/Team.ts': "import { Model } from 'sequelize';\nexport class Team extends Model {\n  declare id: string;\n}\n",
      'src/teams.ts': "import { Team } from './models/Team';\ntype Teams = Team[];\nexport async function loadTeams(): Promise<Teams> {\n  return Team.findAll();\n}\n",
      // The receiver's class is known only from types (the rows' type is an alias): the rule asks the checker.
      'src/job.ts': "import { loadTeams } from './teams';\nexport async function run() {\n  const teams = await loadTeams();\n  for (const team of teams) await team.save();\n}\n",
      'public/index.html': '<img src="logo.png">\n',
    };
    for (const [rel, text] of Object.entries(files)) {
      fs.mkdirSync(path.dirname(path.join(root, rel)), { recursive: true });
      fs.writeFileSync(path.join(root, rel), text);
    }
    const scan = await scanFiles(root);
    assert.deepEqual(scan.eslint.sort(), ['src/job.ts', 'src/models/Team.ts', 'src/teams.ts']);
    assert.deepEqual(scan.hotpathOnly, ['public/index.html']);

    const run = readHotpathRun(timed(process.execPath, [bin, 'check', '.', '--format', 'json', '--no-progress', '--verbose'], root, { HOTPATH_CACHE_DIR: path.join(root, '.cache') }));
    assert.equal(run.analyzed, 4);
    assert.deepEqual(run.findings.map((f) => f.rule).sort(), ['image-dimensions', 'n-plus-one']);
    assert.ok(run.typeChecker, 'the type checker line is read');
    assert.equal(run.typeChecker.programs, 1);
    assert.equal(run.typeChecker.questions, 1);
  } finally {
    fs.rmSync(root, { recursive: true, force: true });
  }
});
