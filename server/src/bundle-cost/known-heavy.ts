/**
 * Imports known to cost far more than they need to, with the lighter way to get the same thing.
 * Data, not code: a row says which imports it matches and what to tell the user. The rule reports
 * these at once, before any measurement, and adds the measured size when it is known.
 */
import type { ImportForm, ImportedNames } from '../analysis/package-imports';

export interface KnownHeavy {
  /** Stable id, used by tests and the docs page's anchors. */
  id: string;
  /** Package name the row is about. */
  package: string;
  /** Which specifiers: exact names, or a pattern over the whole specifier. */
  specifiers: (string | RegExp)[];
  /**
   * Which imports of those specifiers: `any` (every non-type import), `whole-object` (a default or
   * namespace object, a require, or named imports from a CommonJS root that bundles whole),
   * `escaping-namespace` (a namespace object passed around, so nothing can be shaken off).
   */
  when: 'any' | 'whole-object' | 'escaping-namespace';
  /** What the import pulls in, for the message. */
  problem: string;
  /** What to do instead, for the message. */
  instead: string;
  /** A quick fix the rule can offer (only where the lighter API is the same API). */
  fix?: 'lodash-per-method' | 'lodash-es-named';
  /**
   * What the whole import costs, for the message when it cannot be measured here (no
   * node_modules): gzip of the package's own minified build, measured once (lodash 4.17.21,
   * moment 2.30.1, moment-timezone 0.5 with all data).
   */
  approxGzipKb?: number;
  /** A side-effect-only import of the specifier (`import 'lodash'`) does nothing, so it costs nothing worth reporting. */
  inert?: true;
}

export const knownHeavy: readonly KnownHeavy[] = [
  {
    id: 'lodash-root',
    package: 'lodash',
    specifiers: ['lodash'],
    when: 'any',
    problem: "the 'lodash' root is one CommonJS module, so even a named import bundles all of lodash",
    instead: "import each method from its own module ('lodash/debounce') or use 'lodash-es'",
    fix: 'lodash-per-method',
    approxGzipKb: 26,
    inert: true,
  },
  {
    id: 'lodash-es-object',
    package: 'lodash-es',
    specifiers: ['lodash-es'],
    when: 'whole-object',
    problem: "the default export of 'lodash-es' is an object holding every method, which defeats tree-shaking",
    instead: "import the methods by name: import { debounce } from 'lodash-es'",
    fix: 'lodash-es-named',
  },
  {
    id: 'moment-timezone',
    package: 'moment-timezone',
    specifiers: ['moment-timezone', /^moment-timezone\/index(\.js)?$/],
    when: 'any',
    problem: "'moment-timezone' bundles the whole IANA timezone database (every zone, every year) on top of moment",
    instead:
      "format with Intl.DateTimeFormat's timeZone option, or use date-fns-tz / the dayjs timezone plugin (they read the browser's own zone data); if moment stays, import a trimmed build such as 'moment-timezone/builds/moment-timezone-with-data-10-year-range'",
    approxGzipKb: 39,
  },
  {
    id: 'moment',
    package: 'moment',
    specifiers: ['moment', /^moment\/locale\//],
    when: 'any',
    problem: "'moment' is not tree-shakable and its locales are often bundled with it",
    instead: "use 'dayjs' (a similar API in 2 kB), 'date-fns' (tree-shakable functions) or Intl.DateTimeFormat; moment's API differs, so there is no automatic fix",
    approxGzipKb: 20,
  },
  {
    id: 'aws-sdk-v2',
    package: 'aws-sdk',
    specifiers: ['aws-sdk', /^aws-sdk\/global$/],
    when: 'any',
    problem: "'aws-sdk' v2 bundles every service client",
    instead: "use the modular v3 clients, e.g. import { S3Client } from '@aws-sdk/client-s3'",
  },
  {
    id: 'crypto-js-root',
    package: 'crypto-js',
    specifiers: ['crypto-js', /^crypto-js\/index(\.js)?$/],
    when: 'any',
    problem: "the 'crypto-js' root is one CommonJS module that requires every hash and cipher, so even a named import ({ MD5 }) bundles all of them",
    instead: "import the algorithm's own module ('crypto-js/md5', 'crypto-js/sha256': ≈ 3 kB gzip each) or use the Web Crypto API (crypto.subtle.digest)",
    // crypto-js 4.2.0: `import { MD5, enc } from 'crypto-js'` 26.8 kB gzip, 'crypto-js/md5' 3.1 kB.
    approxGzipKb: 27,
    inert: true,
  },
  {
    id: 'highlight-js-all',
    package: 'highlight.js',
    specifiers: ['highlight.js', /^highlight\.js\/lib\/index(\.js)?$/],
    when: 'any',
    problem: "the 'highlight.js' root registers every language it ships (about 190 grammars)",
    instead:
      "import 'highlight.js/lib/core' and register the languages you highlight (hljs.registerLanguage('json', json) with 'highlight.js/lib/languages/json'), or take 'highlight.js/lib/common' (≈ 54 kB gzip) for the common ones",
    // highlight.js 11.11: the root 314 kB gzip, lib/common 54 kB, lib/core 9 kB.
    approxGzipKb: 315,
  },
  {
    id: 'core-js-full',
    package: 'core-js',
    specifiers: ['core-js', 'core-js/full', 'core-js/index', 'core-js/full/index'],
    when: 'any',
    problem: 'the whole of core-js (every polyfill, proposals included) is loaded whatever browsers you target',
    instead: "let the build add the polyfills your targets need (@babel/preset-env useBuiltIns: 'usage') or import single features ('core-js/actual/array/at')",
  },
  {
    id: 'rxjs-legacy',
    package: 'rxjs',
    specifiers: ['rxjs/Rx', 'rxjs-compat', /^rxjs\/add\/(operator|observable)\//, /^rxjs-compat\//],
    when: 'any',
    problem: 'the RxJS 5 compatibility paths patch every operator onto Observable.prototype, so none can be tree-shaken',
    instead: "import operators and creators by name from 'rxjs' (RxJS 7: import { map } from 'rxjs') and use pipe()",
  },
  {
    id: 'icon-pack-namespace',
    package: '(icon packs)',
    specifiers: ['lucide-react', 'lucide', 'react-feather', '@tabler/icons-react', '@mui/icons-material', '@mdi/js', /^react-icons\/\w+$/, /^@heroicons\/react\//, /^@phosphor-icons\/react$/],
    when: 'escaping-namespace',
    problem: 'the icon pack is used as an object (Icons[name], passed around), so every icon in it is bundled',
    instead: 'import the icons you use by name, or map names to icons with an explicit object of named imports',
  },
  {
    id: 'fontawesome-pack',
    package: '@fortawesome/free-*-svg-icons',
    specifiers: [/^@fortawesome\/(free|pro)-[a-z]+-svg-icons$/],
    when: 'whole-object',
    problem: 'importing the whole pack (fas, far, fab) registers every icon in it',
    instead: 'import the icons you use by name: import { faCoffee } from "@fortawesome/free-solid-svg-icons"',
  },
];

function matchesSpecifier(row: KnownHeavy, specifier: string): boolean {
  return row.specifiers.some((s) => (typeof s === 'string' ? s === specifier : s.test(specifier)));
}

/** Whether some import of `specifier` (of any form, taking any names) could match a row. */
export function mayBeKnownHeavy(specifier: string): boolean {
  return knownHeavy.some((row) => matchesSpecifier(row, specifier));
}

/** The row an import matches, if any. */
export function knownHeavyFor(specifier: string, form: ImportForm, names: ImportedNames): KnownHeavy | undefined {
  if (form === 'dynamic') return undefined;
  for (const row of knownHeavy) {
    if (!matchesSpecifier(row, specifier)) continue;
    switch (row.when) {
      case 'any':
        // A side-effect-only import of lodash does nothing; of moment locales or core-js it is the point.
        if (form === 'side-effect' && row.inert) continue;
        return row;
      case 'whole-object':
        if (form === 'require' || names.whole || names.default) return row;
        if (row.id === 'fontawesome-pack' && names.named.some((n) => /^fa[a-z]?$/.test(n))) return row;
        continue;
      case 'escaping-namespace':
        if (names.whole || form === 'require') return row;
        continue;
    }
  }
  return undefined;
}
