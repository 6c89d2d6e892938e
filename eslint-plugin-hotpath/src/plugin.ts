/**
 * The plugin object: Hotpath's rules under ESLint ids `hotpath/<id>` and a recommended flat
 * config that turns them all on at their default severity (ESLint has no "info": it is a warning).
 */
import type { ESLint, Linter, Rule as EslintRule } from 'eslint';
import type { Severity } from '../../server/src/engine/finding';
import type { Rule } from '../../server/src/engine/rule';
import { rules as registry } from '../../server/src/rules/index';
import { eslintRule } from './eslint-rule';
import { type ProjectEnvironment, Projects } from './projects';

export interface HotpathPlugin extends ESLint.Plugin {
  rules: Record<string, EslintRule.RuleModule>;
  configs: { recommended: Linter.Config };
}

const eslintSeverity: Record<Severity, Linter.RuleSeverity> = { error: 'error', warning: 'warn', info: 'warn' };

export function createPlugin(env: ProjectEnvironment & { docsDir: string; version: string; projects?: Projects; rules?: readonly Rule[] }): HotpathPlugin {
  const projects = env.projects ?? new Projects(env);
  const rules = env.rules ?? registry;
  const plugin: HotpathPlugin = {
    meta: { name: 'eslint-plugin-hotpath', version: env.version },
    rules: Object.fromEntries(rules.map((r) => [r.meta.id, eslintRule(r, { projects, docsDir: env.docsDir })])),
    configs: { recommended: {} },
  };
  plugin.configs.recommended = {
    name: 'hotpath/recommended',
    plugins: { hotpath: plugin },
    rules: Object.fromEntries(rules.map((r) => [`hotpath/${r.meta.id}`, eslintSeverity[r.meta.defaultSeverity]])),
  };
  return plugin;
}
