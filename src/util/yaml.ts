import { type Document, isScalar, parseAllDocuments, parseDocument, visit } from 'yaml';
import { type ParsedText, lineColumn } from './json.js';

/** The first line of a YAML error: the yaml package appends the lines around it, which may hold a secret. */
const yamlErrorLine = (message: string) => message.split('\n')[0]!.replace(/:$/, '');

// yaml's own duplicate-key check compares each key with every earlier key of its mapping, which
// is quadratic in the size of a mapping (a values.yaml with 1,000 env entries); it is turned off
// and done here instead, with a set a mapping: the same rule (equal scalar keys), in linear time.
const OPTIONS = { uniqueKeys: false } as const;

/** "Map keys must be unique at line 3, column 1", as yaml says it, for the first repeated key; or undefined. */
function repeatedKey(document: Document.Parsed, text: string): string | undefined {
  let found: string | undefined;
  visit(document, {
    Map(_, map) {
      const keys = new Set<unknown>();
      for (const { key } of map.items) {
        if (!isScalar(key)) continue;
        if (keys.has(key.value)) {
          found = `Map keys must be unique at ${lineColumn(text, key.range?.[0] ?? 0)}`;
          return visit.BREAK;
        }
        keys.add(key.value);
      }
      return undefined;
    },
  });
  return found;
}

function problemOf(document: Document.Parsed, text: string): string | undefined {
  const error = document.errors[0];
  return error ? yamlErrorLine(error.message) : repeatedKey(document, text);
}

/** One YAML document parsed to plain data, or why it is not valid YAML ("is not valid YAML: ... at line 3, column 1"). */
export function parseYaml(text: string): ParsedText {
  const document = parseDocument(text, OPTIONS);
  const problem = problemOf(document, text);
  return problem ? { ok: false, reason: `is not valid YAML: ${problem}` } : { ok: true, data: document.toJS() as unknown };
}

/** Why a YAML stream (any number of documents) is not valid YAML, or undefined when it is. */
export function yamlStreamProblem(text: string): string | undefined {
  for (const document of parseAllDocuments(text, OPTIONS)) {
    if (!('errors' in document)) continue;
    const problem = problemOf(document, text);
    if (problem) return `is not valid YAML: ${problem}`;
  }
  return undefined;
}
