import { describe, expect, it } from 'vitest';
import { parseHooks } from './hooks-file';

describe('hooks file', () => {
  it('accepts hooks with events and an optional timeout', () => {
    expect(parseHooks([{ command: 'logger deck', events: ['session_created', 'session_completed'], timeoutMs: 5000 }], '/etc/deck/hooks.json')).toEqual([
      { command: 'logger deck', events: ['session_created', 'session_completed'], timeoutMs: 5000 },
    ]);
  });

  it.each([
    [{}, 'hooks.json: /: expected an array of hooks, found {}'],
    [[{ events: ['session_created'] }], 'hooks.json: /0/command: expected a shell command line, found nothing'],
    [[{ command: 'x', events: [] }], 'hooks.json: /0/events: expected a non-empty array of audit event kinds, found []'],
    [[{ command: 'x', events: ['session_exploded'] }], 'hooks.json: /0/events/0: expected one of session_created'],
    [[{ command: 'x', events: ['session_created'], timeoutMs: 5 }], 'hooks.json: /0/timeoutMs: expected an integer from 100 to 600000, found 5'],
    [[{ command: 'x', events: ['session_created'], when: 'always' }], 'hooks.json: /0/when: expected only "command", "events" and "timeoutMs", found "when"'],
  ])('rejects %j', (json, message) => {
    expect(() => parseHooks(json, '/etc/deck/hooks.json')).toThrow(message);
  });
});
