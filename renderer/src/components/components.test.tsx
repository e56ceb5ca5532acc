// Rendered to static markup (no DOM is installed): checks what users and e2e tests rely on, the
// accessible names and the visible reasons.
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { session, sessionType } from '../testing/fakes';
import { SessionRow } from './SessionRow';
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
    expect(html).toContain('Slot 1 allocated, server starting');
  });
});

describe('SessionRow', () => {
  it('has a Stop button named exactly "Stop <session id>"', () => {
    const html = renderToStaticMarkup(
      <SessionRow session={session({ id: 'abc' })} now={61_000} viewing stopping={false} onView={noop} onStop={noop} />,
    );
    expect(html).toMatch(/<button[^>]*aria-label="Stop abc"[^>]*>Stop<\/button>/);
    expect(html).toContain('aria-pressed="true"');
    expect(html).toContain('up 1 min 00 s');
  });
});
