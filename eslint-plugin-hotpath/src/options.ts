/**
 * Rule options mirror Hotpath's settings: `importBudgetKb` (heavy-import), `sizedImageClasses`
 * (image-dimensions), `dataAccess` (n-plus-one, the rows `.hotpathrc.json` takes). ESLint checks
 * them against these schemas and prints what is wrong before anything runs.
 */
import type { JSONSchema4 } from 'json-schema';
import type { RuleSettings } from '../../server/src/engine/rule';

const dataAccessRow: JSONSchema4 = {
  type: 'object',
  properties: {
    module: { type: 'string', minLength: 1 },
    modules: { type: 'array', items: { type: 'string', minLength: 1 }, minItems: 1 },
    calls: { type: 'array', items: { type: 'string', pattern: '^[\\w$]+$' } },
    callable: { type: 'boolean' },
    unit: { enum: ['query', 'request', 'round trip'] },
    library: { type: 'string' },
  },
  allOf: [
    { anyOf: [{ required: ['module'] }, { required: ['modules'] }] },
    // As in .hotpathrc.json: the methods that query, or a module that is itself called (axios(url)).
    { anyOf: [{ required: ['calls'], properties: { calls: { minItems: 1 } } }, { required: ['callable'], properties: { callable: { enum: [true] } } }] },
  ],
  additionalProperties: false,
};

const schemas: Record<string, JSONSchema4['properties']> = {
  'heavy-import': { importBudgetKb: { type: 'number', minimum: 0 } },
  'image-dimensions': { sizedImageClasses: { type: 'array', items: { type: 'string' } } },
  'n-plus-one': { dataAccess: { type: 'array', items: dataAccessRow } },
};

export function optionsSchema(ruleId: string): JSONSchema4[] {
  const properties = schemas[ruleId];
  return properties ? [{ type: 'object', properties, additionalProperties: false }] : [];
}

export interface RuleOptions {
  importBudgetKb?: number;
  sizedImageClasses?: string[];
  dataAccess?: unknown[];
}

export function ruleSettingsOf(options: RuleOptions): RuleSettings {
  return {
    ...(options.importBudgetKb !== undefined ? { importBudgetKb: options.importBudgetKb } : {}),
    ...(options.sizedImageClasses ? { sizedImageClasses: options.sizedImageClasses } : {}),
  };
}
