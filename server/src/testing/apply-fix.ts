// Tests apply fixes exactly as the editor's fix-all and `hotpath fix` do.
export { applyEdits } from '../engine/fix-selection';
