// Validates OSCAL JSON documents against NIST's JSON schema with ajv, the validator that
// handles the schema's Unicode property escapes (\p{L}). Exit 0: all valid; 1: some
// document is invalid; 2: usage or setup error.
//   node validate-oscal.js SCHEMA DOCUMENT...
'use strict';
const fs = require('fs');
const Ajv = require('ajv');
const addFormats = require('ajv-formats');

if (process.argv.length < 4) {
  console.error('usage: node validate-oscal.js SCHEMA DOCUMENT...');
  process.exit(2);
}
const ajv = new Ajv({strict: false, allErrors: true, unicodeRegExp: true});
addFormats(ajv);
const validate = ajv.compile(JSON.parse(fs.readFileSync(process.argv[2], 'utf8')));
let failed = false;
for (const file of process.argv.slice(3)) {
  const document = JSON.parse(fs.readFileSync(file, 'utf8'));
  if (validate(document)) {
    console.log(`${file}: valid`);
  } else {
    failed = true;
    console.log(`${file}: INVALID`);
    for (const error of validate.errors.slice(0, 20))
      console.log(`  ${error.instancePath || '/'}: ${error.message} ${JSON.stringify(error.params)}`);
  }
}
process.exit(failed ? 1 : 0);
