/**
 * heavy-import's keys in `.hotpathrc.json`, checked when the file is loaded so a typo is reported
 * (by the command line and in the server's log) rather than silently ignored:
 *
 *   "importBudgetKb": 30, "importBudgets": { "chart.js": 80 }, "importExternals": ["lodash"]
 */
export function checkImportCostKeys(obj: Record<string, unknown>, problems: string[]): void {
  if ('importBudgetKb' in obj) {
    const v = obj.importBudgetKb;
    if (typeof v !== 'number' || !Number.isFinite(v) || v <= 0) problems.push(`"importBudgetKb" must be a positive number of kB (gzip), not ${JSON.stringify(v)} (ignored)`);
  }
  if ('importBudgets' in obj) {
    const v = obj.importBudgets;
    if (typeof v !== 'object' || v === null || Array.isArray(v)) problems.push('"importBudgets" must map package names to kB (gzip), like {"chart.js": 80} (ignored)');
    else {
      for (const [name, kb] of Object.entries(v)) {
        if (typeof kb !== 'number' || !Number.isFinite(kb) || kb < 0) problems.push(`"importBudgets"."${name}" must be a number of kB (gzip), not ${JSON.stringify(kb)} (ignored)`);
      }
    }
  }
  if ('importExternals' in obj) {
    const v = obj.importExternals;
    if (!Array.isArray(v)) problems.push('"importExternals" must be an array of package names, like ["lodash"] (ignored)');
    else v.forEach((x, i) => typeof x !== 'string' && problems.push(`"importExternals"[${i}] must be a package name (ignored)`));
  }
}
