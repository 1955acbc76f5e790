/** Every name derived from the pack id, scope and registry: one place, so files cannot drift apart. */
export function packNames({ name, scope, registry }: { name: string; scope: string; registry: string }) {
  const chart = `pack-${name}`;
  return {
    frontendPackage: `${scope}/pack-${name}`,
    servicePackage: `${scope}/pack-${name}-service`,
    rootPackage: `pack-${name}`,
    chart,
    image: `${registry}/pack-${name}-service`,
    helmChart: `oci://${registry}/charts/${chart}`,
  };
}
