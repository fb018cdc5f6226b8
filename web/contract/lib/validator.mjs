// ajv (JSON Schema 2020-12) over a bundled contract document: schemas are compiled by pointer
// into the document, so $refs resolve against its components.
import Ajv2020 from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';

export function makeValidator(doc, id) {
  const ajv = new Ajv2020({ strict: false, allErrors: true, validateSchema: false, validateFormats: true });
  addFormats(ajv);
  ajv.addSchema(doc, id);
  const cache = new Map();
  return {
    // Compiles (once) the schema at `pointer` ("#/components/schemas/Room").
    compile(pointer) {
      if (!cache.has(pointer)) cache.set(pointer, ajv.getSchema(`${id}${pointer}`));
      const fn = cache.get(pointer);
      if (!fn) throw new Error(`no schema at ${id}${pointer}`);
      return fn;
    },
    errorsText(errors) {
      return ajv.errorsText(errors, { separator: '; ', dataVar: 'body' });
    },
  };
}

export function pointerOf(...parts) {
  return '#/' + parts.map((p) => String(p).replace(/~/g, '~0').replace(/\//g, '~1')).join('/');
}
