import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { SourceDoc } from '../engine/source';
import { isPackageSpecifier, mayImportPackage, namesKey, packageImports, packageNameOf } from './package-imports';

const imports = (code: string, file = '/w/src/a.tsx') =>
  packageImports(new SourceDoc(file, code, '1')).map((i) => ({ specifier: i.specifier, form: i.form, key: namesKey(i.form, i.names), ...(i.objectBinding ? { object: i.objectBinding.text } : {}) }));

describe('packageImports', () => {
  it('records what each static import takes', () => {
    assert.deepEqual(
      imports(`import React, { useState } from 'react';
import { debounce, get as read } from 'lodash-es';
import * as _ from 'lodash';
import 'core-js/stable';
const x = _.map([1], _.identity);
const y = _['get'];
export const search = { React, useState, debounce, read };`),
      [
        { specifier: 'react', form: 'static', key: 'default;useState', object: 'React' },
        { specifier: 'lodash-es', form: 'static', key: 'debounce,get' },
        { specifier: 'lodash', form: 'static', key: 'get,identity,map', object: '_' },
        { specifier: 'core-js/stable', form: 'side-effect', key: 'side-effect' },
      ],
    );
  });

  it('drops, in TypeScript, the bindings no value uses (the compilers elide them)', () => {
    const code = `import { Moment } from 'moment';\nimport dayjs, { Dayjs } from 'dayjs';\nimport * as _ from 'lodash';\nimport { Component, type ReactNode } from 'react';\nimport { Observable } from 'rxjs';\n
interface Props { due: Moment; at: Dayjs; f: _.DebouncedFunc<() => void>; children?: ReactNode }
export class Due extends Component<Props> {}
export const today = (): Dayjs => dayjs();
export type Feed = Observable<string> | typeof Observable;`;
    assert.deepEqual(imports(code), [
      { specifier: 'dayjs', form: 'static', key: 'default;', object: 'dayjs' },
      { specifier: 'react', form: 'static', key: 'Component' },
    ]);
    // JavaScript keeps every import (a template or JSDoc may be all that names it).
    assert.deepEqual(imports(`import { Moment } from 'moment';\n/** @param {Moment} due */\nexport const show = (due) => due;`, '/w/src/a.js'), [{ specifier: 'moment', form: 'static', key: 'Moment' }]);
  });

  it('treats an escaping namespace as whole, but not its type uses', () => {
    assert.deepEqual(imports(`import * as Icons from 'lucide-react';\nexport const all = Object.keys(Icons);`), [{ specifier: 'lucide-react', form: 'static', key: '*', object: 'Icons' }]);
    assert.deepEqual(imports(`import * as _ from 'lodash';\nlet f: _.DebouncedFunc<() => void> = _.debounce(() => {}, 1);`), [
      { specifier: 'lodash', form: 'static', key: 'debounce', object: '_' },
    ]);
  });

  it('leaves out type-only imports and relative, absolute, built-in and bundler-virtual modules', () => {
    assert.deepEqual(
      imports(`import type { Moment } from 'moment';
import { type Dayjs } from 'dayjs';
import type * as L from 'lodash';
import { x } from './x';
import fs from 'node:fs';
import icon from '~icons/mdi/home';
import raw from 'text-file?raw';
export type { Y } from 'y';`),
      [],
    );
  });

  it('finds re-exports, requires and dynamic imports', () => {
    assert.deepEqual(
      imports(`export { format } from 'date-fns';
export * from 'lodash-es';
const _ = require('lodash');
const { debounce } = require('lodash');
const m = require('moment').utc;
const Chart = React.lazy(() => import('chart.js'));
function f(require: (s: string) => unknown) { return require('shadowed'); }`),
      [
        { specifier: 'date-fns', form: 'static', key: 'format' },
        { specifier: 'lodash-es', form: 'static', key: '*' },
        { specifier: 'lodash', form: 'require', key: 'require', object: '_' },
        { specifier: 'lodash', form: 'require', key: 'require' },
        { specifier: 'moment', form: 'require', key: 'require' },
        { specifier: 'chart.js', form: 'dynamic', key: 'dynamic:*' },
      ],
    );
  });

  it('names packages and tells them from other specifiers', () => {
    assert.equal(packageNameOf('@mui/icons-material/Add'), '@mui/icons-material');
    assert.equal(packageNameOf('lodash/debounce'), 'lodash');
    assert.equal(isPackageSpecifier('react'), true);
    for (const s of ['./x', '/abs', 'node:fs', 'virtual:pwa', '#internal', 'x?url', '']) assert.equal(isPackageSpecifier(s), false, s);
  });
});

describe('mayImportPackage (the text test heavy-import runs before parsing)', () => {
  // Every form packageImports finds, written the ways real code writes them: the text test must say yes.
  const withPackage = [
    `import React from 'react';`,
    `import {\n  debounce,\n} from "lodash-es";`,
    `import 'core-js/stable';`,
    `export * from '@mui/material';`,
    `export { default as Button } from '@mui/material/Button';`,
    `const _ = require('lodash');`,
    `const m = require (\n  'moment'\n);`,
    `import _ = require('lodash');`,
    `const Chart = React.lazy(() => import('chart.js'));`,
    `const x = await import(/* webpackChunkName: "x" */ 'three');`,
    `const y = require(\`lodash\`);`,
    `import x from // the date library\n  'moment';`,
    `import a from 'lo\\u0064ash';`,
  ];
  // Files that import only their own modules, built-ins or nothing: no parse needed.
  const withoutPackage = [
    `import { Vector3 } from './math/Vector3.js';\nexport { Vector3 };`,
    `const fs = require('node:fs');\nconst util = require("../util");`,
    `export * from '../internal/operators';`,
    `function importance(from) { return from + 'lodash'; }`,
    `module.exports = function chunk(array, size) { return []; };`,
    `import icon from '~icons/mdi/home';\nimport raw from 'x?raw';`,
  ];
  it('says yes whenever packageImports can find an import', () => {
    for (const code of withPackage) {
      assert.equal(mayImportPackage(new SourceDoc('/w/src/a.tsx', code, '1')), true, code);
    }
    // As JavaScript: a TypeScript file drops the imports these samples never use.
    for (const code of withPackage.slice(0, -1)) {
      assert.ok(imports(code, '/w/src/a.js').length > 0, `packageImports finds nothing in ${code}`);
    }
  });
  it('says no for files without package imports', () => {
    for (const code of withoutPackage) {
      assert.equal(mayImportPackage(new SourceDoc('/w/src/a.tsx', code, '1')), false, code);
      assert.deepEqual(imports(code), [], code);
    }
  });
});
