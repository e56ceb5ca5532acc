import { describe, expect, it, vi } from 'vitest';
import { checkArgs, dispatch } from './dispatch';

const refusal = (run: () => unknown) => {
  try {
    run();
  } catch (error) {
    return error as { code: string; message: string; details?: unknown };
  }
  throw new Error('accepted');
};

describe('dispatch', () => {
  it('calls the implementation with checked arguments, and never with bad ones', async () => {
    const getSession = vi.fn(async (id: string) => ({ id }));
    await expect(dispatch({ getSession } as never, 'getSession', ['s_1'])).resolves.toEqual({ id: 's_1' });
    await expect(dispatch({ getSession } as never, 'getSession', ['a b'])).rejects.toMatchObject({ code: 'bad_request' });
    expect(getSession).toHaveBeenCalledTimes(1);
    await expect(dispatch({} as never, 'toString' as never, [])).rejects.toMatchObject({ code: 'not_found' });
  });

  it.each([
    ['getSession', [], 'getSession: expected 1 argument(s), found 0'],
    ['openViewer', ['s1', {}, 3], 'openViewer: expected 1 or 2 arguments, found 3'],
    ['getSession', ['a b'], 'session id: expected 1-64 characters of [A-Za-z0-9_-], found "a b"'],
    ['startSession', ['desk'], 'start request: expected an object {"type": string, "size": "WxH", "label"?: string}, found "desk"'],
    ['startSession', [{ type: 'desk', size: 'huge' }], 'start request: /size: expected "WxH", e.g. "1280x800", found "huge"'],
    ['startSession', [{ type: 'desk', size: '800x600', user: 'x' }], 'start request: /user: expected only "type", "size" and "label", found "user"'],
    ['startSession', [{ type: 'desk', size: '800x600', label: 'a\nb' }], 'start request: /label: expected text of at most 64 characters without control characters, found "a\\nb"'],
    ['renameSession', ['s1', 'x'.repeat(65)], 'label: expected text of at most 64 characters without control characters, found "xxxx'],
    ['startSession', [{ size: '800x600' }], 'start request: /type: expected a non-empty string of at most 128 characters, found nothing'],
    ['openViewer', ['s1', { viewOnly: 'yes' }], 'viewer options: /viewOnly: expected true or false, found "yes"'],
    ['listAudit', [{ kind: 'exploded' }], 'audit query: /kind: expected one of session_created'],
    ['listHistory', [{ limit: 501 }], 'history query: /limit: expected an integer from 1 to 500, found 501'],
    ['getMetrics', [{ fromDay: 'monday' }], 'metrics query: /fromDay: expected a day YYYY-MM-DD, found "monday"'],
    ['setSecret', ['.hidden', 'x'], 'secret name: expected 1-64 characters of [A-Za-z0-9_.-], starting with a letter or digit, found ".hidden"'],
    ['setSecret', ['vnc', ''], 'secret value: expected a string of 1-1024 characters, found ""'],
    ['writeClipboard', [7], 'clipboard text: expected a string of at most 1048576 characters, found 7'],
  ] as const)('%s(%j) is refused: %s', (method, args, message) => {
    const error = refusal(() => checkArgs(method, args));
    expect(error.code).toBe('bad_request');
    expect(error.message.startsWith(message), error.message).toBe(true);
  });

  it('names every bad setting, in the message and in details.problems', () => {
    const error = refusal(() => checkArgs('updateSettings', [{ userLimit: 999, recoveryMode: 'later', colour: 'red' }]));
    expect(error.details).toEqual({
      problems: {
        userLimit: 'expected an integer from 1 to 256 sessions, found 999',
        recoveryMode: 'expected one of readopt, cleanup, found "later"',
        colour: 'unknown setting',
      },
    });
    expect(error.message).toBe('settings: colour: unknown setting; userLimit: expected an integer from 1 to 256 sessions, found 999; recoveryMode: expected one of readopt, cleanup, found "later"');
    expect(refusal(() => checkArgs('updateSettings', [5])).message).toBe('settings: expected an object of settings, found 5');
  });

  it('takes an absent optional argument as undefined', () => {
    expect(checkArgs('openViewer', ['s1', undefined])).toEqual(['s1']);
    expect(checkArgs('openViewer', ['s1', { viewOnly: true }])).toEqual(['s1', { viewOnly: true }]);
  });
});
