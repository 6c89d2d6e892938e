/**
 * `hotpath/profileHotspots` through the real protocol against the built server (dist/server.js),
 * on a copy of test-fixtures/profile-app: the extension's notification (here built from the
 * fixture's real profile, mapped through its source map as the extension does) changes the
 * published messages and hovers of the hot findings, code actions still find them, clearing
 * restores the rules' messages, and malformed params do no harm.
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Diagnostic } from 'vscode-languageserver-protocol/node';
import { ProfileHotspotsNotification } from '../../../shared/protocol';
import { loadProfileShares } from '../cli/profile-shares';
import { pathToUri } from './uri';
import { TestClient } from './test-client';

const fixture = path.resolve(__dirname, '../../../test-fixtures/profile-app');
const note = / — this function took \d+(\.\d)?% of CPU in profile app\.cpuprofile$/;

describe('profile notes over the language server protocol', { timeout: 120_000 }, () => {
  let root: string;
  let client: TestClient;
  let params: ProfileHotspotsNotification.Params;
  const uri = (rel: string) => pathToUri(path.join(root, rel));
  const hotpath = (ds: Diagnostic[] | undefined) => (ds ?? []).filter((d) => d.source === 'hotpath');
  const text = (d: Diagnostic): string => (typeof d.message === 'string' ? d.message : d.message.value);

  before(async () => {
    root = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'hotpath-profile-lsp-')));
    fs.cpSync(fixture, root, { recursive: true });
    const loaded = await loadProfileShares(path.join(root, 'profiles/app.cpuprofile'), root);
    assert.ok(!('error' in loaded));
    const { shares } = loaded;
    params = { profileName: shares.profileName, unit: shares.unit, duration: shares.duration, functions: shares.functions.map(({ path: p, ...f }) => ({ ...f, uri: pathToUri(p) })) };
    client = await TestClient.start(root);
    // The workspace scan publishes both files without opening them.
    await client.waitForDiagnostics(uri('src/routes/orders.ts'), (ds) => hotpath(ds).some((d) => d.code === 'n-plus-one'), 30_000);
    await client.waitForDiagnostics(uri('src/app.ts'), (ds) => hotpath(ds).some((d) => d.code === 'sync-in-handler'), 30_000);
  });
  after(async () => {
    await client?.shutdown();
    fs.rmSync(root, { recursive: true, force: true });
  });

  it('the notification re-publishes the hot findings with the note; hover gives the figures; code actions still apply', async () => {
    const before = hotpath(client.diagnostics.get(uri('src/app.ts')))[0]!;
    assert.doesNotMatch(text(before), note);
    await client.connection.sendNotification(ProfileHotspotsNotification.method, params);
    const [orders] = await client.waitForDiagnostics(uri('src/routes/orders.ts'), (ds) => hotpath(ds).some((d) => note.test(text(d))));
    const [login] = await client.waitForDiagnostics(uri('src/app.ts'), (ds) => hotpath(ds).some((d) => note.test(text(d))));
    assert.match(text(orders!), /^1 query per row: `pool\.query` \(pg\) runs for each element of `rows` — this function took \d+% of CPU in profile app\.cpuprofile$/);
    assert.ok(text(login!).startsWith(`${text(before)} — this function took `), text(login!));
    await client.waitForDiagnostics(uri('src/services/report.ts'), (ds) => hotpath(ds).some((d) => / — this function took \d\.\d% of CPU in profile app\.cpuprofile$/.test(text(d))));

    const hover = await client.hover(uri('src/app.ts'), login!.range.start);
    const markdown = hover && typeof hover.contents === 'object' && 'value' in hover.contents ? hover.contents.value : '';
    assert.match(markdown, /\*\*In profile app\.cpuprofile:\*\* this function \(app\.ts:11\) took \d+% of the CPU time \([\d.]+ m?s of 2\.\d\d s\)/);
    assert.ok(markdown.includes(text(login!)), 'the hover repeats the message with its note');

    // pbkdf2Sync in the handler has the promisify fix: offered for the new diagnostic, for the
    // one published before the profile (its message without the note), and for one without data.
    for (const d of [login!, before, { ...login!, data: undefined }]) {
      const actions = await client.codeActions(uri('src/app.ts'), d.range, [d]);
      assert.ok(actions.some((a) => /promisify|pbkdf2/i.test(a.title)), `${text(d)}: ${actions.map((a) => a.title).join(' | ')}`);
    }
  });

  it('an empty list clears the notes; malformed params are logged, not fatal', async () => {
    await client.connection.sendNotification(ProfileHotspotsNotification.method, { ...params, functions: [] });
    await client.waitForDiagnostics(uri('src/app.ts'), (ds) => hotpath(ds).length > 0 && hotpath(ds).every((d) => !note.test(text(d))));
    await client.waitForDiagnostics(uri('src/routes/orders.ts'), (ds) => hotpath(ds).length > 0 && hotpath(ds).every((d) => !note.test(text(d))));

    await client.connection.sendNotification(ProfileHotspotsNotification.method, { profileName: 'x', functions: 'not a list' });
    await client.connection.sendNotification(ProfileHotspotsNotification.method, { ...params, functions: [{ uri: 42 }, ...params.functions] });
    await client.waitFor('the malformed entry logged', () => client.logs.some((l) => l.includes('1 malformed function entry skipped')));
    // The well-formed entries of the same notification still apply.
    await client.waitForDiagnostics(uri('src/app.ts'), (ds) => hotpath(ds).some((d) => note.test(text(d))));
    assert.equal(client.hasExited, false);
  });
});
