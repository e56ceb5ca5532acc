// Every setting with its range, default and unit; problems shown as you type (the shared
// SETTINGS_SPEC) and as the engine reports them (details.problems). Applied at once, no restart.
import { useEffect, useState } from 'react';
import { SETTINGS_SPEC, type Settings } from '../../../electron/shared/settings';
import { useApi } from '../api/apiContext';
import { useDeckStore } from '../store/useDeckStore';
import { SecretsSection } from './SecretsSection';
import { changedPatch, draftProblems, rangeText, serverProblems, SETTING_KEYS, type SettingKey, type SettingsDraft, toDraft } from './settingsForm';

export interface SettingsFormProps {
  saved: Settings;
  draft: SettingsDraft;
  problems: Partial<Record<string, string>>;
  saving: boolean;
  message: { kind: 'ok' | 'error'; text: string } | null;
  onChange(key: SettingKey, text: string): void;
  onSave(): void;
  onDiscard(): void;
}

export function SettingsForm({ saved, draft, problems, saving, message, onChange, onSave, onDiscard }: SettingsFormProps) {
  const dirty = Object.keys(changedPatch(draft, saved)).length > 0;
  const invalid = Object.keys(problems).length > 0;
  return (
    <form
      className="settings-form"
      aria-labelledby="settings-title"
      noValidate
      onSubmit={(event) => {
        event.preventDefault();
        if (dirty && !invalid) onSave();
      }}
    >
      {SETTING_KEYS.map((key) => {
        const spec = SETTINGS_SPEC[key];
        const id = `setting-${key}`;
        const problem = problems[key];
        const changed = String(saved[key]) !== draft[key];
        return (
          <div key={key} className={`setting${problem ? ' is-invalid' : ''}${changed ? ' is-changed' : ''}`}>
            <label htmlFor={id} className="setting-label">
              {spec.label}
            </label>
            <div className="setting-input">
              {spec.kind === 'integer' ? (
                <input
                  id={id}
                  type="number"
                  inputMode="numeric"
                  min={spec.min}
                  max={spec.max}
                  step={1}
                  value={draft[key]}
                  aria-invalid={problem ? true : undefined}
                  aria-describedby={`${id}-hint${problem ? ` ${id}-problem` : ''}`}
                  onChange={(event) => onChange(key, event.target.value)}
                />
              ) : (
                <select id={id} value={draft[key]} aria-describedby={`${id}-hint`} onChange={(event) => onChange(key, event.target.value)}>
                  {spec.choices.map((choice) => (
                    <option key={choice} value={choice}>
                      {choice}
                    </option>
                  ))}
                </select>
              )}
              {spec.kind === 'integer' && <span className="unit">{spec.unit}</span>}
              <button
                type="button"
                className="small-button"
                disabled={draft[key] === String(spec.default)}
                onClick={() => onChange(key, String(spec.default))}
                title={`Use the default: ${String(spec.default)}${spec.kind === 'integer' ? ` ${spec.unit}` : ''}`}
              >
                Default
              </button>
            </div>
            <p id={`${id}-hint`} className="muted small setting-hint">
              {spec.help} {rangeText(key)}
            </p>
            {problem && (
              <p id={`${id}-problem`} className="setting-problem small">
                {spec.label}: {problem}
              </p>
            )}
          </div>
        );
      })}
      <div className="settings-actions">
        <button type="submit" className="primary" disabled={!dirty || invalid || saving}>
          {saving ? 'Saving…' : 'Save settings'}
        </button>
        <button type="button" disabled={!dirty || saving} onClick={onDiscard}>
          Discard changes
        </button>
        <span role={message?.kind === 'error' ? 'alert' : 'status'} className={message?.kind === 'error' ? 'is-error' : 'muted'}>
          {message?.text ?? (invalid ? 'Fix the highlighted settings to save.' : '')}
        </span>
      </div>
    </form>
  );
}

export function SettingsView() {
  const api = useApi();
  const saved = useDeckStore((state) => state.settings);
  const actions = useDeckStore((state) => state.actions);
  const [draft, setDraft] = useState<SettingsDraft | null>(saved ? toDraft(saved) : null);
  const [dirtyKeys, setDirtyKeys] = useState<Set<SettingKey>>(new Set());
  const [server, setServer] = useState<Partial<Record<string, string>>>({});
  const [saving, setSaving] = useState(false);
  const [message, setMessage] = useState<SettingsFormProps['message']>(null);

  // Follow changes made elsewhere (another window, the engine) in the fields not being edited.
  useEffect(() => {
    if (!saved) return;
    setDraft((current) => {
      const fresh = toDraft(saved);
      if (!current) return fresh;
      return Object.fromEntries(SETTING_KEYS.map((key) => [key, dirtyKeys.has(key) ? current[key] : fresh[key]])) as SettingsDraft;
    });
    // Only when the saved settings change.
  }, [saved]);

  useEffect(() => {
    if (!saved) void actions.loadSettings();
  }, [saved, actions]);

  if (!saved || !draft) {
    return (
      <section className="page" aria-labelledby="settings-title">
        <h2 id="settings-title">Settings</h2>
        <p role="status" className="muted">
          Loading settings…
        </p>
      </section>
    );
  }

  const problems = { ...server, ...draftProblems(draft, saved) };

  const save = () => {
    const patch = changedPatch(draft, saved);
    setSaving(true);
    setMessage(null);
    api.updateSettings(patch as Partial<Settings>).then(
      (settings) => {
        actions.setSettings(settings);
        setDirtyKeys(new Set());
        setServer({});
        setDraft(toDraft(settings));
        setSaving(false);
        setMessage({ kind: 'ok', text: 'Saved. The new settings apply now, no restart needed.' });
      },
      (error: unknown) => {
        setSaving(false);
        const byKey = serverProblems(error);
        if (byKey) setServer(byKey);
        setMessage({ kind: 'error', text: `Not saved: ${error instanceof Error ? error.message : String(error)}` });
      },
    );
  };

  return (
    <section className="page" aria-labelledby="settings-title">
      <h2 id="settings-title">Settings</h2>
      <p className="muted small">Changes apply to running sessions at once; no restart is needed.</p>
      <SettingsForm
        saved={saved}
        draft={draft}
        problems={problems}
        saving={saving}
        message={message}
        onChange={(key, text) => {
          setDraft({ ...draft, [key]: text });
          setDirtyKeys(new Set(dirtyKeys).add(key));
          setServer((current) => {
            const next = { ...current };
            delete next[key];
            return next;
          });
          setMessage(null);
        }}
        onSave={save}
        onDiscard={() => {
          setDraft(toDraft(saved));
          setDirtyKeys(new Set());
          setServer({});
          setMessage(null);
        }}
      />
      <SecretsSection />
    </section>
  );
}
