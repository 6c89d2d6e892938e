/**
 * The hover text of findings that follow a call chain (n-plus-one, sync-in-handler): a bold
 * headline with the cost, the chain as a numbered list, then the fix. One layout, so both
 * rules read alike.
 */
export function callChainExplanation(headline: string, chain: readonly string[], fix: string): string {
  return [headline, '', 'Call chain:', ...chain.map((c, i) => `${i + 1}. ${c}`), '', `**Fix:** ${fix}`].join('\n');
}
