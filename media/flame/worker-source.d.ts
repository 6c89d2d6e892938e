/** `import source from 'worker-source:./x'`: the bundled script of ./x as text (scripts/build.mjs). */
declare module 'worker-source:*' {
  const source: string;
  export default source;
}
