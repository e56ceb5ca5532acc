// The desktops' markup (noVNC replaced; effects, and so connections, do not run in server rendering).
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it, vi } from 'vitest';
import { ApiContext } from '../api/apiContext';
import { createDeckStore } from '../store/deckStore';
import { DeckStoreProvider } from '../store/useDeckStore';
import { fakeApi, session } from '../testing/fakes';
import { ViewerPanelView, type ViewerPanelViewProps } from './ViewerPanel';

vi.mock('@novnc/novnc', () => ({ default: class {} }));

const noop = () => {};

function render(overrides: Partial<ViewerPanelViewProps> = {}) {
  const api = fakeApi();
  return renderToStaticMarkup(
    <ApiContext.Provider value={api}>
      <DeckStoreProvider store={createDeckStore(api)}>
        <ViewerPanelView tabs={[]} shown={undefined} sessions={{}} phases={{}} notices={[]} onSelect={noop} onDismissNotice={noop} {...overrides} />
      </DeckStoreProvider>
    </ApiContext.Provider>,
  );
}

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

  it('says why a desktop went away, and that a stop came from elsewhere', () => {
    const html = render({
      notices: [
        session({ id: 'z', state: 'terminated', cause: 'inactivity_timeout', index: 1 }),
        session({ id: 'y', state: 'terminated', cause: 'user_stopped' }),
      ],
    });
    expect(html).toMatch(/role="alert"/);
    expect(html).toContain('(desk, slot 1) ended: inactivity timeout.');
    expect(html).toContain('ended: stopped from elsewhere (another window or the API).');
    expect(html).toContain('aria-label="Dismiss notice about z"');
  });
});
