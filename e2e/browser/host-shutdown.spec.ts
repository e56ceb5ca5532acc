// Ctrl+C in the terminal that runs the host: it says how many sessions it stops, stops them,
// and says when it has stopped; no server of theirs is left.
import { findProcesses } from '../../electron/core/testing/fixtures';
import { reserveDisplays } from '../../electron/core/testing/free-display';
import { expect, test } from '../support/deck-fixture';

const DISPLAY_BASE = await reserveDisplays(2);

test('SIGINT stops every session the host started and says so', async ({ deck }) => {
  const host = await deck.startHost({ Desk: { script: 'xvnc', count: 2, options: { sizes: ['640x480'], display_base: DISPLAY_BASE } } });
  const start = () =>
    fetch(`${host.url}api/sessions`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${host.token}`, 'Content-Type': 'application/json' },
      body: JSON.stringify({ type: 'Desk', size: '640x480' }),
    });
  for (const response of await Promise.all([start(), start()])) expect(response.status).toBe(201);
  expect(await findProcesses('Xvnc', `:${DISPLAY_BASE} `)).toHaveLength(1);

  await host.stop('SIGINT');
  expect(host.output()).toMatch(/SIGINT: stopping 2 sessions/);
  expect(host.output()).toMatch(/session-deck-host: stopped\n/);
  for (const display of [DISPLAY_BASE, DISPLAY_BASE + 1]) expect(await findProcesses('Xvnc', `:${display} `)).toEqual([]);
});
