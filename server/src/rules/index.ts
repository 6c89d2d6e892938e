/**
 * The registry: every rule Hotpath ships, sorted by id. Adding a rule means adding its file
 * beside this one, its docs page in docs/rules/, and one line here.
 */
import type { Rule } from '../engine/rule';
import { heavyImport } from './heavy-import';
import { imageDimensions } from './image-dimensions';
import { nPlusOne } from './n-plus-one';
import { syncInHandler } from './sync-in-handler';

export const rules: readonly Rule[] = [heavyImport, imageDimensions, nPlusOne, syncInHandler];

export function findRule(id: string): Rule | undefined {
  return rules.find((r) => r.meta.id === id);
}
