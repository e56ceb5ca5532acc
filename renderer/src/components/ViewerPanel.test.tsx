// The desktops' markup (noVNC replaced; effects, and so connections, do not run in server rendering).
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it, vi } from 'vitest';
import { ApiContext } from '../api/apiContext';
import { createDeckStore } from '../store/deckStore';
import { DeckStoreProvider } from '../store/useDeckStore';
import { fakeApi, session } from '../testing/fakes';
import { ViewerNotices, type ViewerNoticesProps } from './ViewerNotices';
import { ViewerPanelView, type ViewerPanelViewProps } from './ViewerPanel';

vi.mock('@novnc/novnc', () => ({ default: class {} }));

const noop = () => {};

function render(overrides: Partial<ViewerPanelViewProps> = {}) {
  const api = fakeApi();
  return renderToStaticMarkup(
    <ApiContext.Provider value={api}>
      <DeckStoreProvider store={createDeckStore(api)}>
        <ViewerPanelView tabs={[]} shown={undefined} sessions={{}} phases={{}} onSelect={noop} {...overrides} />
      </DeckStoreProvider>
    </ApiContext.Provider>,
  );
}

/** The notices over the desktops: nothing ended or disconnected, every action a no-op, unless given. */
const renderNotices = (props: Partial<ViewerNoticesProps>) =>
  renderToStaticMarkup(
    <ViewerNotices
      ended={[]}
      disconnected={[]}
      now={0}
      startBlocker={() => null}
      onDismissEnded={noop}
      onStartAgain={noop}
      onViewAgain={noop}
      onDismissDisconnected={noop}
      {...props}
    />,
  );

describe('ViewerPanel', () => {
  it('says where desktops appear when none is open', () => {
    expect(render()).toContain('The desktop of a running session appears here.');
  });

  it('shows open desktops as tabs; only the shown one is the e2e "viewer"', () => {
    const html = render({
      tabs: ['a', 'b'],
      shown: 'a',
      sessions: { a: session({ id: 'a', index: 0, state: 'connected' }), b: session({ id: 'b', index: 1 }) },
      phases: { a: 'connected', b: 'retry_wait' },
    });
    expect(html).toMatch(/role="tablist" aria-label="Open desktops"/);
    expect(html).toMatch(/<button id="viewer-tab-a" type="button" role="tab" aria-selected="true"/);
    expect(html).toMatch(/<button id="viewer-tab-b" type="button" role="tab" aria-selected="false"[^>]*tabindex="-1"/);
    expect(html).toContain('desk #1<span class="visually-hidden"> (b)</span>');
    expect(html.match(/data-testid="viewer"/g)).toHaveLength(1);
    expect(html).toMatch(/data-testid="viewer"[^>]*data-session-id="a"/);
    expect(html).toMatch(/data-testid="viewer-background"[^>]*data-session-id="b"/);
    expect(html).toMatch(/role="toolbar" aria-label="Viewer controls"/);
    for (const name of ['Full screen', 'View only', 'Paste to desktop', 'Share view-only…', 'Reconnect', 'Disconnect']) {
      expect(html).toContain(`>${name}</button>`);
    }
    expect(html).toMatch(/<label class="inline-field"><span>Scaling<\/span><select>/);
    expect(html).toMatch(/<section id="viewer-panel-b"[^>]*hidden=""/);
    expect(html).toMatch(/<section id="viewer-panel-a"[^>]*role="tabpanel" aria-labelledby="viewer-tab-a"/);
  });

  it('says why a desktop went away, that a stop came from elsewhere, and offers to start it again', () => {
    const html = renderNotices({
      ended: [
        session({ id: 'z', state: 'terminated', cause: 'inactivity_timeout', index: 1, message: 'nothing was typed or clicked in it for 15 minutes' }),
        session({ id: 'y', state: 'terminated', cause: 'user_stopped' }),
      ],
    });
    expect(html).toMatch(/role="alert"/);
    // A timer end is said by its cause alone (the engine's longer note is in the history).
    expect(html).toContain('(desk, slot 1) ended: inactivity timeout.');
    expect(html).not.toContain('nothing was typed');
    expect(html).toContain('ended: stopped from elsewhere (another window or the API).');
    expect(html).toContain('aria-label="Dismiss notice about z"');
    expect(html.match(/>Start again<\/button>/g)).toHaveLength(2);
  });

  it('after a Disconnect, says the session keeps running and until when, from its own timer', () => {
    const at = new Date(2026, 11, 1, 14, 5).getTime();
    const html = renderNotices({ disconnected: [session({ id: 'd', nextTimer: { kind: 'inactivity', at } })], now: at - 15 * 60_000 });
    expect(html).toContain('Disconnected from desk #0.');
    expect(html).toContain('The session keeps running.');
    expect(html).toContain('it closes at 14:05 (in 15:00) unless you view or extend it.');
    expect(html).toContain('>View again</button>');
  });

  it('puts ended-session notices over the area, after the desktops, so they push nothing', () => {
    const html = render({ tabs: ['a'], shown: 'a', sessions: { a: session({ id: 'a' }) }, phases: {}, notices: <p id="the-notice">n</p> });
    expect(html.indexOf('id="the-notice"')).toBeGreaterThan(html.indexOf('id="viewer-panel-a"'));
  });
});
