// A slurm session type over the test cluster, for the integration tests and the browser e2e alike
// (so no test framework here).
import { SLURM_PARTITION, type SlurmCluster } from '../../electron/core/testing/slurm-cluster';

export interface SlurmTypeInput {
  cluster: SlurmCluster;
  displayBase: number;
  displayCount: number;
  workDir?: string;
  options?: Record<string, unknown>;
  count?: number;
}

/** A type whose every job takes the whole one-CPU node, so the next one waits. */
export function slurmType({ cluster, displayBase, displayCount, workDir, options = {}, count = 3 }: SlurmTypeInput) {
  return {
    script: 'slurm',
    count,
    options: {
      sizes: ['800x600'],
      partition: SLURM_PARTITION,
      time_limit_minutes: 30,
      sbatch_args: ['--exclusive'],
      direct: true,
      slurm_conf: cluster.conf,
      display_base: displayBase,
      display_count: displayCount,
      poll_interval_ms: 300,
      ...(workDir ? { work_dir: workDir } : {}),
      ...options,
    },
  };
}
