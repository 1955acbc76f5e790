import { MANIFEST_FILE } from '../pack-reader.js';
import { PACK_FILES } from '../pack-files.js';
import { type PackContext, compareVersion, readPackData, show } from './context.js';

/**
 * helm/Chart.yaml: version and appVersion are the pack's; the chart is the one
 * backend.helmChart names; the names follow pack-<id> and <registry>/pack-<id>-service.
 */
export function checkChart(context: PackContext) {
  const { manifest, names, add } = context;
  const backend = manifest.backend!;
  const chart = readPackData<{ name?: unknown; version?: unknown; appVersion?: unknown }>(context, PACK_FILES.chart, 'yaml', {
    severity: 'error',
    expected: `the chart of the service (${names.chart}), since ${MANIFEST_FILE} has a backend`,
  });
  if (chart && context.crossCheckable(PACK_FILES.chart, ['version'], 'version and appVersion')) {
    compareVersion(context, PACK_FILES.chart, 'version', chart.version);
    compareVersion(context, PACK_FILES.chart, 'appVersion', chart.appVersion);
  }
  if (!context.crossCheckable(PACK_FILES.chart, ['id', 'backend'], 'the chart name and backend.helmChart/backend.image')) return;
  if (chart) {
    const chartName = chart.name;
    if (backend.helmChart === undefined)
      add({
        severity: 'warning',
        code: 'helm-chart-mismatch',
        file: MANIFEST_FILE,
        field: 'backend.helmChart',
        problem: 'is missing: the customer hand-off cannot name the chart to install',
        expected: show(names.helmChart),
      });
    else if (typeof chartName === 'string' && backend.helmChart.split('/').pop() !== chartName) {
      // The fix goes where the naming rule is broken: the chart, when the manifest follows the rule.
      if (backend.helmChart === names.helmChart) {
        add({
          severity: 'error',
          code: 'helm-chart-mismatch',
          file: PACK_FILES.chart,
          field: 'name',
          problem: `is ${show(chartName)} but ${MANIFEST_FILE} backend.helmChart is ${show(backend.helmChart)}: customers would pull another chart`,
          expected: show(names.chart),
        });
      } else
        add({
          severity: 'error',
          code: 'helm-chart-mismatch',
          file: MANIFEST_FILE,
          field: 'backend.helmChart',
          problem: `is ${show(backend.helmChart)} but helm/Chart.yaml names the chart ${show(chartName)}: customers would pull another chart`,
          expected: show(`${backend.helmChart.slice(0, backend.helmChart.lastIndexOf('/') + 1)}${chartName}`),
        });
    }
    // When the chart-side error above names the fix, a naming warning on the same field would only repeat it.
    const chartFixNamed = typeof chartName === 'string' && backend.helmChart === names.helmChart && chartName !== names.chart;
    if (chartName !== names.chart && !chartFixNamed)
      add({
        severity: 'warning',
        code: 'naming-rule',
        file: PACK_FILES.chart,
        field: 'name',
        problem: `is ${show(chartName)}, which does not follow pack-<id>`,
        expected: show(names.chart),
      });
  }
  if (backend.helmChart !== undefined && backend.helmChart !== names.helmChart)
    add({
      severity: 'warning',
      code: 'naming-rule',
      file: MANIFEST_FILE,
      field: 'backend.helmChart',
      problem: `is ${show(backend.helmChart)}, which does not follow oci://<registry>/charts/pack-<id> (registry ${show(context.registry)})`,
      expected: show(names.helmChart),
    });
  if (backend.image !== names.image)
    add({
      severity: 'warning',
      code: 'naming-rule',
      file: MANIFEST_FILE,
      field: 'backend.image',
      problem: `is ${show(backend.image)}, which does not follow <registry>/pack-<id>-service (registry ${show(context.registry)})`,
      expected: show(names.image),
    });
}
