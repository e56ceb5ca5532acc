// Slurm's commands as the slurm script runs them (one output: stdout and stderr), straight against
// the test cluster; asNobody runs them as the unprivileged user nobody (setpriv, no login needed),
// whom Slurm treats as an ordinary user rather than an operator.
import type { SlurmCluster } from '../../electron/core/testing/slurm-cluster';
import type { SlurmCommands } from '../lib/slurm/commands';

const AS_NOBODY = ['--reuid=nobody', '--regid=nogroup', '--clear-groups'];

export const clusterCommands = (cluster: SlurmCluster, options: { asNobody?: boolean } = {}): SlurmCommands => ({
  async run(command, args) {
    const { code, stdout, stderr } = options.asNobody ? await cluster.run('setpriv', [...AS_NOBODY, command, ...args]) : await cluster.run(command, args);
    return { code, output: `${stdout}${stderr}` };
  },
});
