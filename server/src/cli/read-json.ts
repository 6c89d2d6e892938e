/** Reading a JSON file a user gave (a baseline, a shard's report) into data or one sentence. */
import * as fs from 'node:fs';
import { findJsonSyntaxError } from '../engine/json-error';

export function readJsonFile(file: string): { data: unknown } | { error: string } {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    return { error: code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'is a folder' : (err as Error).message };
  }
  try {
    return { data: JSON.parse(text) as unknown };
  } catch (err) {
    const located = findJsonSyntaxError(text);
    return { error: located ? `invalid JSON at line ${located.line}, column ${located.column}: ${located.message}` : `invalid JSON: ${(err as Error).message}` };
  }
}
