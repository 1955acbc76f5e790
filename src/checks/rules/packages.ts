import { MANIFEST_FILE } from '../pack-reader.js';
import { PACK_FILES } from '../pack-files.js';
import { type PackContext, compareVersion, readPackData, show } from './context.js';

/** package/package.json: its name is frontend.package, its version the pack's (pack-contract §4). */
export function checkFrontendPackage(context: PackContext) {
  const { names, add } = context;
  const file = PACK_FILES.frontendPackage;
  const pkg = readPackData<{ name?: unknown; version?: unknown }>(context, file, 'json', {
    severity: 'error',
    expected: `the frontend package (${context.manifest.frontend?.package ?? names.frontendPackage}), named by frontend.package`,
  });
  if (!pkg) return;
  if (context.crossCheckable(file, ['version'], 'version')) compareVersion(context, file, 'version', pkg.version);
  if (!context.crossCheckable(file, ['id', 'frontend'], 'name (frontend.package)')) return;
  const declared = context.manifest.frontend?.package;
  if (declared === undefined) {
    add({
      severity: 'error',
      code: 'frontend-package-mismatch',
      file: MANIFEST_FILE,
      field: 'frontend.package',
      problem: `is missing, but the pack has a frontend package (${show(pkg.name)})`,
      expected: show(pkg.name),
    });
  } else if (pkg.name !== declared && pkg.name === names.frontendPackage) {
    // The fix goes where the naming rule is broken: the manifest, when the package follows the rule.
    add({
      severity: 'error',
      code: 'frontend-package-mismatch',
      file: MANIFEST_FILE,
      field: 'frontend.package',
      problem: `is ${show(declared)} but ${PACK_FILES.frontendPackage} is named ${show(pkg.name)}: the platform would load a package that is not this one`,
      expected: show(pkg.name),
    });
  } else if (pkg.name !== declared) {
    add({
      severity: 'error',
      code: 'frontend-package-mismatch',
      file: PACK_FILES.frontendPackage,
      field: 'name',
      problem: `is ${show(pkg.name)} but ${MANIFEST_FILE} frontend.package is ${show(declared)}: the platform would load a package that is not this one`,
      expected: show(declared),
    });
  }
  // When the manifest-side error above names the fix, a naming warning on the same field would only repeat it.
  if (declared !== undefined && declared !== names.frontendPackage && pkg.name !== names.frontendPackage)
    add({
      severity: 'warning',
      code: 'naming-rule',
      file: MANIFEST_FILE,
      field: 'frontend.package',
      problem: `is ${show(declared)}, which does not follow <scope>/pack-<id>`,
      expected: show(names.frontendPackage),
    });
}

/** service/package.json: the service ships in the image tagged v<version>, so its version is the pack's too. */
export function checkServicePackage(context: PackContext) {
  const file = PACK_FILES.servicePackage;
  const pkg = readPackData<{ version?: unknown }>(context, file, 'json', {
    severity: 'error',
    expected: 'the service package, since khal-app.json has a backend',
  });
  if (pkg && context.crossCheckable(file, ['version'], 'version')) compareVersion(context, file, 'version', pkg.version);
}
