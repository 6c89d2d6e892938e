import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { SourceDoc } from '../engine/source';
import { importClauses } from './import-clauses';

describe('importClauses', () => {
  it('reads default, namespace, named and type-only imports, side-effect imports and require, from a Vue file too', () => {
    const text = [
      '<script setup lang="ts">',
      "import UserAvatar, { AvatarGroup as Group, type AvatarProps } from '@/components/UserAvatar.vue';",
      "import * as Icons from './icons';",
      "import type { Team } from '../types';",
      "import './Navbar.less';",
      "import styles from './Card.module.scss?inline';",
      "const legacy = require('./legacy.css');",
      '</script>',
      '<template><UserAvatar /></template>',
    ].join('\n');
    const clauses = importClauses(new SourceDoc('/w/src/views/Team.vue', text, 'disk:1'));
    assert.deepEqual(clauses, [
      { specifier: '@/components/UserAvatar.vue', defaultName: 'UserAvatar', namespace: undefined, named: ['Group'], typeOnly: false },
      { specifier: './icons', defaultName: undefined, namespace: 'Icons', named: [], typeOnly: false },
      { specifier: '../types', defaultName: undefined, namespace: undefined, named: ['Team'], typeOnly: true },
      { specifier: './Navbar.less', named: [], typeOnly: false },
      { specifier: './Card.module.scss?inline', defaultName: 'styles', namespace: undefined, named: [], typeOnly: false },
      { specifier: './legacy.css', named: [], typeOnly: false },
    ]);
  });
});
