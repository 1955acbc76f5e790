import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parseAllDocuments } from 'yaml';
import { checkManifest } from '../manifest/manifest-schema.js';

export interface PackFinding {
  file: string;
  field?: string;
  severity: 'error' | 'warning';
  message: string;
}

// Placeholders a template may leave when a value was forgotten.
export const PLACEHOLDER = /<(?:name|id|pack|scope|registry|version|org)>|\[object Object\]/;

/** Checks freshly rendered files before they are written: each parses, the manifest passes, no placeholder is left. */
export async function verifyRenderedFiles(folder: string, files: string[]): Promise<PackFinding[]> {
  const findings: PackFinding[] = [];
  for (const file of files) {
    const text = readFileSync(path.join(folder, file), 'utf8');
    const placeholder = PLACEHOLDER.exec(text);
    if (placeholder) findings.push({ file, severity: 'error', message: `holds the placeholder ${JSON.stringify(placeholder[0])}` });
    if (file.endsWith('.json')) {
      try {
        const data = JSON.parse(text) as unknown;
        if (file === 'khal-app.json')
          for (const problem of checkManifest(data))
            findings.push({ file, field: problem.field, severity: 'error', message: problem.reason });
      } catch (error) {
        findings.push({ file, severity: 'error', message: `is not valid JSON: ${(error as Error).message}` });
      }
    } else if (/\.ya?ml$/.test(file) && !file.startsWith('helm/templates/')) {
      const broken = parseAllDocuments(text).flatMap((document) => ('errors' in document ? document.errors : []));
      if (broken.length > 0) findings.push({ file, severity: 'error', message: `is not valid YAML: ${broken[0]!.message}` });
    }
  }
  return findings;
}
