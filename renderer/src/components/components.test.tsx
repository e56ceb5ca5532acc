// Rendered to static markup (no DOM is installed): checks what users and e2e tests rely on, the
// accessible names and the visible reasons.
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { session, sessionType } from '../testing/fakes';
import { ActiveSharesList } from './ActiveShares';
import { SessionRow, type SessionRowProps } from './SessionRow';
import { TypeCard, type TypeCardProps } from './TypeCard';

const noop = () => {};

function card(overrides: Partial<TypeCardProps> = {}) {
  return renderToStaticMarkup(
    <TypeCard
      type={sessionType()}
      size="1280x800"
      blocker={null}
      pending={undefined}
      startingSession={undefined}
      onSizeChange={noop}
      onStart={noop}
      {...overrides}
    />,
  );
}

describe('TypeCard', () => {
  it('names its Start button and its size picker after the type', () => {
    const html = card();
    expect(html).toMatch(/<button[^>]*>Start desk<\/button>/);
    expect(html).toMatch(/<label[^>]*for="([^"]+)"[^>]*>Size for desk<\/label><select id="\1"/);
    expect(html).toContain('2 of 2 free');
    expect(html).toContain('Slot 0');
  });

  it('disables Start and shows why when no slot is free', () => {
    const html = card({ blocker: 'No free slot: all 2 in use.' });
    expect(html).toMatch(/<button[^>]*disabled=""[^>]*>Start desk<\/button>/);
    expect(html).toContain('No free slot: all 2 in use.');
  });

  it('shows progress while starting', () => {
    const html = card({
      blocker: 'A session of this type is starting.',
      pending: { type: 'desk', size: '1024x768', since: Date.now() },
      startingSession: session({ state: 'starting', index: 1 }),
    });
    expect(html).toContain('role="status"');
    expect(html).toContain('<progress');
    expect(html).toContain('Server starting (slot 1)');
  });
});

function row(overrides: Partial<SessionRowProps> = {}) {
  return renderToStaticMarkup(
    <SessionRow
      session={session({ id: 'abc' })}
      now={61_000}
      viewing
      stopping={false}
      extending={false}
      thumbnail={undefined}
      onView={noop}
      onStop={noop}
      onExtend={noop}
      onRename={() => Promise.resolve(true)}
      {...overrides}
    />,
  );
}

describe('SessionRow', () => {
  it('has View, Extend and Stop buttons named after the session', () => {
    const html = row();
    expect(html).toMatch(/<button[^>]*aria-label="Stop abc"[^>]*>Stop<\/button>/);
    expect(html).toMatch(/<button[^>]*aria-label="Extend abc"[^>]*>Extend<\/button>/);
    expect(html).toMatch(/<button[^>]*aria-pressed="true"[^>]*aria-label="View abc"/);
    expect(html).toContain('up 1 min 00 s');
    expect(html).toContain('alice');
  });

  it('counts down to the next timer, and warns with an alert under 2 minutes', () => {
    const calm = row({ session: session({ id: 'abc', nextTimer: { kind: 'max_duration', at: 61_000 + 3_600_000 } }) });
    expect(calm).toContain('Reaches its maximum duration in 1:00:00');
    expect(calm).not.toContain('role="alert"');
    const soon = row({ session: session({ id: 'abc', nextTimer: { kind: 'inactivity', at: 61_000 + 90_000 } }) });
    expect(soon).toContain('Closes after inactivity in 01:30');
    expect(soon).toMatch(/role="alert"[^>]*>Session abc \(desk\) ends in less than 2 minutes \(inactivity\)/);
  });

  it('shows its label with a Rename button, and the size it runs at now beside the one it started at', () => {
    const html = row({ session: session({ id: 'abc', label: 'Figures', size: '1024x768', currentSize: '1280x700' }) });
    expect(html).toContain('<strong>Figures</strong>');
    expect(html).toMatch(/<button[^>]*aria-label="Rename abc"[^>]*>Rename<\/button>/);
    expect(html).toContain('1280 × 700');
    expect(html).toContain('(started at 1024 × 768)');
    const plain = row({ session: session({ id: 'abc', size: '1024x768', currentSize: '1024x768' }) });
    expect(plain).toContain('No label');
    expect(plain).not.toContain('started at');
  });

  it('shows the live thumbnail when there is one', () => {
    expect(row({ thumbnail: 'data:image/jpeg;base64,AAAA' })).toContain('<img src="data:image/jpeg;base64,AAAA" alt=""/>');
  });
});

describe('TypeCard states', () => {
  it('marks a type the user may not start, and a removed one', () => {
    const denied = card({ type: sessionType({ allowed: false }), blocker: 'Not allowed for you: only for group vis' });
    expect(denied).toContain('not allowed');
    expect(denied).toContain('Not allowed for you: only for group vis');
    expect(card({ type: sessionType({ removed: true }) })).toContain('badge-removed');
  });

  it('lists each slot with its owner and uptime', () => {
    const html = card({
      now: 10 * 60_000,
      type: sessionType({ slots: [{ index: 0, state: 'connected', sessionId: 'x1', user: 'bob', since: 5 * 60_000 }, { index: 1, state: 'unavailable', reason: 'port 5901 in use' }] }),
    });
    expect(html).toContain('bob · up 5 min 00 s · x1');
    expect(html).toContain('port 5901 in use');
  });

  it('shows the engine step then the viewer steps', () => {
    const starting = card({
      pending: { type: 'desk', size: '1024x768', since: 0 },
      startingSession: session({ state: 'starting', startStep: 'waiting_for_server', index: 1 }),
    });
    expect(starting).toContain('Waiting for the server (slot 1)');
    expect(starting).toMatch(/aria-current="step"[^>]*>.*Waiting for the server/);
    const connecting = card({
      launch: { sessionId: 's1', size: '1024x768', since: 0 },
      launchSession: session({ state: 'ready' }),
      launchPhase: 'first_frame',
    });
    expect(connecting).toContain('First frame (slot 0)');
  });

  it('says which limit refused a start, and shows a failed script\'s log tail', () => {
    const capacity = card({
      startErrors: [{ id: 1, operation: 'start', code: 'at_capacity', message: 'limit 2', subject: 'desk', details: { limit: 'user' } }],
    });
    expect(capacity).toContain('At capacity: your user limit is reached');
    const held = card({
      startErrors: [{ id: 4, operation: 'start', code: 'at_capacity', message: 'slot 0: display :171 is in use', subject: 'desk', details: { limit: 'type', heldByOthers: 1 } }],
    });
    expect(held).toContain('No free slot: another program holds them');
    expect(held).not.toContain('every slot of this type is in use');
    const failed = card({
      startErrors: [{ id: 2, operation: 'start', code: 'start_failed', message: 'Xvnc exited', subject: 'desk', details: { logTail: '(EE) no screens' } }],
    });
    expect(failed).toContain('The session script failed');
    expect(failed).toContain('(EE) no screens');
    expect(card({ startErrors: [{ id: 3, operation: 'start', code: 'not_authorized', message: 'group vis', subject: 'desk' }] })).toContain(
      'Not authorized to start this type',
    );
  });
});

describe('ActiveSharesList', () => {
  const share = (id: string, viewers: number, expiresAt: number) => ({ id, sessionId: 'abc', createdAt: 0, expiresAt, viewers });

  it('lists each share that still works with its viewers and a Stop sharing button, and nothing once all expired', () => {
    const html = renderToStaticMarkup(<ActiveSharesList shares={[share('a', 2, 120_000), share('b', 0, 50_000)]} now={61_000} stopping={[]} onStop={noop} />);
    expect(html).toContain('aria-label="Share links"');
    expect(html).toContain('2 watching');
    expect(html).not.toContain('0 watching'); // expired at 50 s
    expect(html).toContain('Stop sharing');
    expect(renderToStaticMarkup(<ActiveSharesList shares={[share('b', 0, 50_000)]} now={61_000} stopping={[]} onStop={noop} />)).toBe('');
  });
});
