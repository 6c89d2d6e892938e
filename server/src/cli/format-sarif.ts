/**
 * `--format sarif`: SARIF 2.1.0 as GitHub code scanning accepts it. Rules carry their help (the
 * docs page as text and markdown) and a link to it; results carry 1-based regions relative to
 * %SRCROOT% (the current folder), related locations, a line-shift-proof fingerprint in
 * `partialFingerprints`, and the rule's fixes as `fixes` objects. Skipped files and rule crashes
 * become tool notifications, so the upload says what was not analyzed and why.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Severity } from '../engine/finding';
import type { RuleMeta } from '../engine/rule';
import type { ReportedFinding, ReportedRegion } from './report';

export const sarifSchemaUri = 'https://json.schemastore.org/sarif-2.1.0.json';
export const fingerprintKey = 'hotpath/v1';
export const srcRoot = '%SRCROOT%';

const levels: Record<Severity, 'error' | 'warning' | 'note'> = { error: 'error', warning: 'warning', info: 'note' };

export interface SarifNotification {
  level: 'error' | 'warning' | 'note';
  message: string;
  /** Relative to the current folder. */
  file?: string;
}

export interface SarifContext {
  rules: readonly RuleMeta[];
  version: string;
  cwd: string;
  /** Where docs/rules/<id>.md are; without it rules carry no help. */
  docsRoot?: string;
  notifications: SarifNotification[];
}

/** A relative path as a URI reference: each segment percent-encoded, slashes kept. */
export function relativeUri(file: string): string {
  return file.split('/').map(encodeURIComponent).join('/');
}

function region(r: ReportedRegion) {
  return { startLine: r.line, startColumn: r.column, endLine: r.endLine, endColumn: r.endColumn };
}

function location(file: string) {
  return { uri: relativeUri(file), uriBaseId: srcRoot };
}

/** The first paragraph of prose in a docs page: the why, below the title and the facts list. */
export function firstParagraph(markdown: string): string | undefined {
  const paragraphs = markdown.split(/\r?\n\s*\r?\n/).map((p) => p.trim());
  return paragraphs.slice(2).find((p) => p !== '' && !/^(#|-|\*|```|\|)/.test(p))?.replace(/\s*\n\s*/g, ' ');
}

function ruleDescriptor(meta: RuleMeta, docsRoot: string | undefined) {
  const docsFile = docsRoot ? path.join(docsRoot, meta.docsPath) : undefined;
  let docs: string | undefined;
  try {
    docs = docsFile ? fs.readFileSync(docsFile, 'utf8') : undefined;
  } catch {
    docs = undefined;
  }
  const why = docs ? firstParagraph(docs) : undefined;
  return {
    id: meta.id,
    name: meta.id.replace(/(^|-)([a-z])/g, (_m, _d, c: string) => c.toUpperCase()),
    shortDescription: { text: meta.description },
    fullDescription: { text: why ?? meta.description },
    ...(docs !== undefined ? { help: { text: docs, markdown: docs } } : {}),
    ...(docsFile !== undefined ? { helpUri: pathToFileURL(docsFile).href } : {}),
    defaultConfiguration: { level: levels[meta.defaultSeverity] },
    properties: { tags: ['performance'], precision: 'high' },
  };
}

export function sarifResult(f: ReportedFinding, ruleIndex: number) {
  return {
    ruleId: f.rule,
    ruleIndex,
    level: levels[f.severity],
    message: { text: f.message },
    locations: [{ physicalLocation: { artifactLocation: location(f.file), region: region(f) } }],
    partialFingerprints: { [fingerprintKey]: f.fingerprint },
    ...(f.related.length > 0
      ? {
          relatedLocations: f.related.map((r, i) => ({
            id: i + 1,
            physicalLocation: { artifactLocation: location(r.file), region: region(r) },
            message: { text: r.message },
          })),
        }
      : {}),
    ...(f.fixes.length > 0
      ? {
          fixes: f.fixes.map((x) => ({
            description: { text: x.title },
            artifactChanges: [
              {
                artifactLocation: location(f.file),
                replacements: x.edits.map((e) => ({ deletedRegion: region(e), insertedContent: { text: e.newText } })),
              },
              ...(x.otherFiles ?? []).map((o) => ({
                artifactLocation: location(o.file),
                replacements: o.edits.map((e) => ({ deletedRegion: region(e), insertedContent: { text: e.newText } })),
              })),
            ],
          })),
        }
      : {}),
  };
}

export function buildSarif(findings: readonly ReportedFinding[], ctx: SarifContext) {
  const rules = [...ctx.rules].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  const index = new Map(rules.map((r, i) => [r.id, i]));
  return {
    $schema: sarifSchemaUri,
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'Hotpath',
            version: ctx.version,
            ...(/^\d+\.\d+\.\d+/.test(ctx.version) ? { semanticVersion: ctx.version } : {}),
            rules: rules.map((r) => ruleDescriptor(r, ctx.docsRoot)),
          },
        },
        originalUriBaseIds: { [srcRoot]: { uri: pathToFileURL(ctx.cwd.endsWith(path.sep) ? ctx.cwd : ctx.cwd + path.sep).href } },
        columnKind: 'utf16CodeUnits',
        invocations: [
          {
            executionSuccessful: true,
            toolExecutionNotifications: ctx.notifications.map((n) => ({
              level: n.level,
              message: { text: n.message },
              ...(n.file !== undefined ? { locations: [{ physicalLocation: { artifactLocation: location(n.file) } }] } : {}),
            })),
          },
        ],
        results: findings.filter((f) => index.has(f.rule)).map((f) => sarifResult(f, index.get(f.rule)!)),
      },
    ],
  };
}

export type SarifLog = ReturnType<typeof buildSarif>;

export function formatSarif(findings: readonly ReportedFinding[], ctx: SarifContext): string {
  return JSON.stringify(buildSarif(findings, ctx), null, 2) + '\n';
}
