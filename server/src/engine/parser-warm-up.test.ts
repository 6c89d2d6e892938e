import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import ts from 'typescript';
import { warmUpText } from './parser-warm-up';
import { SourceDoc } from './source';

/** Every token and node kind in the TSX parse of `text`, trivia-free tokens included. */
function kindsIn(text: string): Set<ts.SyntaxKind> {
  const sf = new SourceDoc('/w/warm.tsx', text, '1').sourceFile;
  const kinds = new Set<ts.SyntaxKind>();
  const visit = (n: ts.Node): void => {
    kinds.add(n.kind);
    for (const c of n.getChildren(sf)) visit(c);
  };
  visit(sf);
  return kinds;
}

describe('parser warm-up text', () => {
  const kinds = kindsIn(warmUpText);

  it('holds every punctuator, so the scanner meets each branch before V8 optimises it', () => {
    // Tokens a tree never holds as such: a lone `#` or `` ` `` (parts of other tokens), and `</`,
    // which the JSX scanner reads (the closing tag is checked below).
    const impossible = new Set([ts.SyntaxKind.BacktickToken, ts.SyntaxKind.HashToken, ts.SyntaxKind.LessThanSlashToken]);
    const missing: string[] = [];
    for (let k = ts.SyntaxKind.FirstPunctuation; k <= ts.SyntaxKind.LastPunctuation; k++) {
      if (!impossible.has(k) && !kinds.has(k)) missing.push(ts.SyntaxKind[k]!);
    }
    assert.deepEqual(missing, []);
  });

  it('holds every literal form, JSX text and template parts', () => {
    const wanted = [
      ts.SyntaxKind.NumericLiteral,
      ts.SyntaxKind.BigIntLiteral,
      ts.SyntaxKind.StringLiteral,
      ts.SyntaxKind.RegularExpressionLiteral,
      ts.SyntaxKind.NoSubstitutionTemplateLiteral,
      ts.SyntaxKind.TemplateHead,
      ts.SyntaxKind.TemplateMiddle,
      ts.SyntaxKind.TemplateTail,
      ts.SyntaxKind.JsxText,
      ts.SyntaxKind.JsxSpreadAttribute,
      ts.SyntaxKind.JsxFragment,
      ts.SyntaxKind.JsxClosingElement,
      ts.SyntaxKind.PrivateIdentifier,
      ts.SyntaxKind.Decorator,
    ];
    assert.deepEqual(wanted.filter((k) => !kinds.has(k)).map((k) => ts.SyntaxKind[k]), []);
  });

  it('parses as TSX without errors', () => {
    const doc = new SourceDoc('/w/warm.tsx', warmUpText, '1');
    assert.equal(doc.parseErrorCount, 0);
  });
});
