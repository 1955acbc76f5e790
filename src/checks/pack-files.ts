/** The files of a pack that check compares with its manifest (pack-contract §4). */
export const PACK_FILES = {
  frontendPackage: 'package/package.json',
  servicePackage: 'service/package.json',
  chart: 'helm/Chart.yaml',
  values: 'helm/values.yaml',
  valuesSchema: 'helm/values.schema.json',
  envExample: 'service/.env.example',
  serviceConfig: 'service/src/config.ts',
} as const;

/** What is not compared when `file` cannot be read or the pack has no such file. */
export function skipConsequence(file: string): string {
  switch (file) {
    case PACK_FILES.frontendPackage:
      return 'version and frontend.package not compared with the frontend package';
    case PACK_FILES.servicePackage:
      return 'version not compared with the service package';
    case PACK_FILES.chart:
      return 'version, appVersion and chart name not compared';
    case PACK_FILES.values:
      return 'image repository, port and env.config/env.secrets not compared';
    case PACK_FILES.valuesSchema:
      return 'env[] not compared with the values schema';
    case PACK_FILES.envExample:
      return 'env[] not compared with .env.example';
    default:
      return "env[] not compared with the service's ENV_SPECS";
  }
}
