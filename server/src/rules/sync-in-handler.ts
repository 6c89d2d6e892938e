import { defineRule } from '../engine/rule';

// Placeholder: the detection is being written (see issue 2).
export const syncInHandler = defineRule({
  meta: {
    id: 'sync-in-handler',
    description: 'Blocking synchronous work (fs *Sync, execSync, pbkdf2Sync, zlib *Sync …) reached from a request handler',
    defaultSeverity: 'warning',
    fixable: true,
  },
  check() {},
});
