// Static markup of the pages and dialogs (no DOM is installed): names, errors and warnings users rely on.
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { DEFAULT_SETTINGS } from '../../../electron/shared/settings';
import { ConfigBannerView } from '../components/ConfigBanner';
import { ShareDialogView, type SharePhase } from '../viewer/ShareDialog';
import { AuditTable, auditQuery, detailText } from './AuditView';
import { formatDateTime } from '../lib/format';
import { HistoryTable, historyQuery } from './HistoryView';
import { MetricsChart } from './MetricsChart';
import { dailySeries } from './metricsChart';
import { SecretsList, secretProblems } from './SecretsSection';
import { SettingsForm, type SettingsFormProps } from './SettingsView';
import { draftProblems, toDraft } from './settingsForm';

const noop = () => {};

function settingsForm(overrides: Partial<SettingsFormProps> = {}) {
  const draft = toDraft(DEFAULT_SETTINGS);
  return renderToStaticMarkup(
    <SettingsForm
      saved={DEFAULT_SETTINGS}
      draft={draft}
      problems={{}}
      saving={false}
      message={null}
      onChange={noop}
      onSave={noop}
      onDiscard={noop}
      {...overrides}
    />,
  );
}

describe('settings form', () => {
  it('labels every setting and shows its range, default and unit', () => {
    const html = settingsForm();
    expect(html).toMatch(/<label for="setting-inactivityTimeoutMinutes"[^>]*>Inactivity timeout<\/label>/);
    expect(html).toMatch(/<input id="setting-inactivityTimeoutMinutes" type="number"[^>]*min="1" max="60"/);
    expect(html).toContain('From 1 to 60 min; default 15 min.');
    expect(html).toContain('From 1 to 240 h; default 24 h.');
    expect(html).toMatch(/<select id="setting-recoveryMode"/);
    expect(html).toMatch(/<button type="submit"[^>]*disabled=""[^>]*>Save settings<\/button>/);
  });

  it('marks an invalid field and refuses to save', () => {
    const draft = { ...toDraft(DEFAULT_SETTINGS), inactivityTimeoutMinutes: '99' };
    const html = settingsForm({ draft, problems: draftProblems(draft, DEFAULT_SETTINGS) });
    expect(html).toContain('aria-invalid="true"');
    expect(html).toContain('Inactivity timeout: expected an integer from 1 to 60 min, found 99');
    expect(html).toMatch(/<button type="submit"[^>]*disabled=""/);
  });

  it('shows a server problem by its field and the refusal as an alert', () => {
    const html = settingsForm({
      draft: { ...toDraft(DEFAULT_SETTINGS), userLimit: '3' },
      problems: { userLimit: 'more than the slots of every type together' },
      message: { kind: 'error', text: 'Not saved: invalid settings' },
    });
    expect(html).toContain('User limit: more than the slots of every type together');
    expect(html).toMatch(/role="alert"[^>]*>Not saved: invalid settings/);
  });
});

describe('saved secrets', () => {
  it('checks a name and a value before saving', () => {
    expect(secretProblems('vnc.password', 'x')).toEqual({});
    expect(secretProblems('', '')).toEqual({});
    expect(secretProblems('-bad name', 'x').name).toContain('letters, digits');
    expect(secretProblems('ok', 'x'.repeat(2000)).value).toContain('At most');
  });

  it('lists names and dates only, with a named Delete', () => {
    const html = renderToStaticMarkup(<SecretsList secrets={[{ name: 'vnc.password', updatedAt: 0 }]} busy={null} onDelete={noop} />);
    expect(html).toContain('aria-label="Delete secret vnc.password"');
    expect(html).toContain('vnc.password');
    expect(renderToStaticMarkup(<SecretsList secrets={[]} busy={null} onDelete={noop} />)).toContain('No secret is saved.');
  });
});

describe('configuration banner', () => {
  it('is an alert naming the file and the problem while the file is broken, and nothing once fixed', () => {
    const html = renderToStaticMarkup(
      <ConfigBannerView config={{ file: '/etc/deck/sessions.json', loadedAt: 0, error: 'sessions.json: /desk/count: expected an integer' }} />,
    );
    expect(html).toContain('role="alert"');
    expect(html).toContain('The sessions file has an error.');
    expect(html).toContain('/desk/count: expected an integer');
    expect(html).toContain('/etc/deck/sessions.json');
    expect(renderToStaticMarkup(<ConfigBannerView config={{ file: 'x', loadedAt: 0 }} />)).toBe('');
  });
});

describe('share dialog', () => {
  const view = (state: SharePhase) =>
    renderToStaticMarkup(
      <ShareDialogView typeName="Desk" state={state} minutes={60} onMinutes={noop} onCreate={noop} onClose={noop} copy={() => Promise.resolve(true)} modal={false} />,
    );

  it('says what a link does and offers lifetimes from 15 minutes to 24 hours', () => {
    const html = view({ phase: 'choose' });
    expect(html).toContain('Share this Desk desktop, view only');
    expect(html).toContain('They cannot type, click or use the clipboard, and they need no login or password.');
    for (const label of ['15 minutes', '1 hour', '4 hours', '8 hours', '24 hours']) expect(html).toContain(`>${label}</option>`);
    expect(html).toContain('Create link');
    expect(html).not.toContain('ws://');
  });

  it('shows the link once, with when it stops working and how to stop it sooner', () => {
    const url = 'http://127.0.0.1:8765/share/AAAAAAAAAAAAAAAAAAAAAA#KEY';
    const html = view({ phase: 'ready', share: { id: 'AAAAAAAAAAAAAAAAAAAAAA', url, expiresAt: Date.now() + 3_600_000 } });
    expect(html).toContain(`value="${url}"`);
    expect(html).toContain('Copy link');
    expect(html).toMatch(/Anyone with this link can watch until <strong>\d\d:\d\d<\/strong>/);
    expect(html).toContain('when you stop sharing (on the session&#x27;s card), when it expires, or when the session ends');
    expect(html).not.toContain('Password');
  });

  it('says when no link could be made', () => {
    expect(view({ phase: 'error', message: 'session s1 is terminated, not running' })).toMatch(/role="alert"[^>]*>Could not create a share link: session s1 is terminated/);
  });
});

describe('journal pages', () => {
  it('turns filters into queries, leaving out what is empty', () => {
    expect(historyQuery({ type: '', cause: 'max_duration', fromDay: '', toDay: '' })).toEqual({ limit: 50, cause: 'max_duration' });
    expect(auditQuery({ kind: 'start_failed', sessionId: ' s1 ', fromDay: '', toDay: '' })).toEqual({ limit: 50, kind: 'start_failed', sessionId: 's1' });
    // "Per page" sets the limit of the first page and of each "Load more".
    expect(historyQuery({ type: 'Desk', cause: '', fromDay: '', toDay: '', pageSize: 10 })).toEqual({ limit: 10, type: 'Desk' });
    expect(auditQuery({ kind: '', sessionId: '', fromDay: '', toDay: '', pageSize: 25 })).toEqual({ limit: 25 });
  });

  it('renders history and audit rows', () => {
    const history = renderToStaticMarkup(
      <HistoryTable
        items={[
          {
            id: 'h1', type: 'desk', index: 0, size: '1024x768', user: 'alice', startedAt: 0, endedAt: 60_000, durationMs: 60_000,
            state: 'terminated', cause: 'inactivity_timeout', bytesToViewer: 2048, bytesFromViewer: 10, viewers: 2,
          },
        ]}
      />,
    );
    expect(history).toContain('inactivity timeout');
    expect(history).toContain('1 min 00 s');
    expect(history).toContain('2.00 KiB');
    const audit = renderToStaticMarkup(
      <AuditTable items={[{ seq: 7, at: 0, kind: 'refused_at_capacity', user: 'bob', type: 'desk', details: { limit: 'user' } }]} />,
    );
    expect(audit).toContain('refused at capacity');
    expect(audit).toContain('limit: user');
    expect(detailText({ durationMs: 61_000, bytesToViewer: 2048, reason: '' })).toBe('duration: 1 min 01 s · bytesToViewer: 2.00 KiB');
    const queued = renderToStaticMarkup(
      <AuditTable items={[{ seq: 9, at: 0, kind: 'session_queued', user: 'bob', details: { jobId: '42', reason: 'Resources', position: 1, expectedStartAt: 120_000 } }]} />,
    );
    expect(queued).toContain('session queued');
    expect(queued).toContain(`jobId: 42 · reason: Resources · position: 1 · expectedStart: ${formatDateTime(120_000)}`);
    const folded = renderToStaticMarkup(
      <AuditTable items={[{ seq: 8, at: 0, kind: 'start_failed', user: 'bob', details: { cause: 'start_failed', logTail: 'line 1\nline 2' } }]} />,
    );
    expect(folded).toContain('cause: start_failed');
    expect(folded).toContain('<details><summary>logTail</summary><pre class="log-tail">line 1\nline 2</pre></details>');
  });

  it('draws the metrics chart in SVG with a text alternative', () => {
    const row = { day: '2026-11-20', type: 'desk', started: 3, failed: 1, refused: 0, totalDurationMs: 7_200_000, meanDurationMs: 0, peakConcurrent: 2, bytesToViewer: 0, bytesFromViewer: 0 };
    const html = renderToStaticMarkup(<MetricsChart series={dailySeries([row, { ...row, day: '2026-11-21', started: 1, failed: 0 }])} />);
    expect(html).toMatch(/<svg[^>]*role="img"/);
    expect(html).toContain('2 days from 2026-11-20 to 2026-11-21: 4 sessions started, 4.0 hours in total.');
    expect(html).toContain('class="chart-bar-failed"');
    expect(renderToStaticMarkup(<MetricsChart series={[]} />)).toContain('No metrics');
  });
});
