/**
 * Validation against the SARIF 2.1.0 JSON schema (the OASIS schema as shipped in
 * @microsoft/sarif-matcher-utils). It is a draft-04 schema, hence ajv-draft-04; one of its
 * patterns is not valid with the `u` flag, hence unicodeRegExp: false.
 */
import Ajv from 'ajv-draft-04';
import addFormats from 'ajv-formats';

const schema = require('@microsoft/sarif-matcher-utils/lib/schemas/sarif-2.1.0-rtm.5.json') as object;

let validate: ReturnType<Ajv['compile']> | undefined;

/** Every schema violation as "instancePath: message"; empty when the log is valid SARIF 2.1.0. */
export function sarifSchemaErrors(log: unknown): string[] {
  if (!validate) {
    const ajv = new Ajv({ allErrors: true, strict: false, unicodeRegExp: false });
    addFormats(ajv);
    validate = ajv.compile(schema);
  }
  return validate(log) ? [] : (validate.errors ?? []).map((e) => `${e.instancePath || '/'}: ${e.message ?? e.keyword}`);
}
