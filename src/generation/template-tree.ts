import { chmod, copyFile, mkdir, readFile, readdir, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { CustomActionConfig, NodePlopAPI } from 'node-plop';

export const TEMPLATE_TREE_ACTION = 'khal-template-tree';

// Template policy: a file ending in .hbs is rendered by handlebars and loses the suffix;
// every other file (Helm templates, workflows with ${{ }}) is copied byte for byte.
// `_gitignore` becomes `.gitignore` (npm drops .gitignore files from published packages).
const RENAMES: Record<string, string> = { _gitignore: '.gitignore' };

export function outputPathOf(templatePath: string): string {
  const parsed = path.posix.parse(templatePath.replace(/\.hbs$/, ''));
  return path.posix.join(parsed.dir, RENAMES[parsed.base] ?? parsed.base);
}

export async function listTemplateFiles(folder: string, prefix = ''): Promise<string[]> {
  const entries = await readdir(path.join(folder, prefix), { withFileTypes: true });
  const files: string[] = [];
  for (const entry of entries.sort((a, b) => a.name.localeCompare(b.name))) {
    const relative = prefix ? `${prefix}/${entry.name}` : entry.name;
    if (entry.isDirectory()) files.push(...(await listTemplateFiles(folder, relative)));
    else if (entry.isFile()) files.push(relative);
  }
  return files;
}

/** A node-plop action: renders or copies every file of one template folder into `destination`. */
export function templateTreeAction(templatesRoot: string) {
  return async (data: object, config: CustomActionConfig<string>, plop: NodePlopAPI): Promise<string> => {
    const source = path.join(templatesRoot, String(config.template));
    const destination = path.resolve(plop.getDestBasePath(), String(config.destination ?? '.'));
    const written: string[] = [];
    for (const file of await listTemplateFiles(source)) {
      const output = outputPathOf(file);
      const target = path.resolve(destination, output);
      if (!target.startsWith(destination + path.sep))
        throw new Error(`template ${config.template}/${file} would be written outside the pack, at ${target}`);
      await mkdir(path.dirname(target), { recursive: true });
      const templateFile = path.join(source, file);
      if (file.endsWith('.hbs')) await writeFile(target, plop.renderString(await readFile(templateFile, 'utf8'), data));
      else await copyFile(templateFile, target);
      const mode = (await stat(templateFile)).mode;
      if (mode & 0o111) await chmod(target, 0o755);
      written.push(output);
    }
    return `${config.template}: ${written.length} files`;
  };
}
