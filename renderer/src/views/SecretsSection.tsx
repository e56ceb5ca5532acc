// Saved secrets (e.g. the password of an external VNC server, referenced by name from the sessions
// file): names and dates only, values go in and never come back.
import { useEffect, useState } from 'react';
import { MAX_SECRET_LENGTH, SECRET_NAME_PATTERN, type SecretInfo } from '../../../electron/shared/session';
import { useApi } from '../api/apiContext';
import { formatDateTime } from '../lib/format';

/** Problems with a secret about to be saved, by field. */
export function secretProblems(name: string, value: string): { name?: string; value?: string } {
  const problems: { name?: string; value?: string } = {};
  if (name !== '' && !SECRET_NAME_PATTERN.test(name)) {
    problems.name = 'Use 1–64 letters, digits, dots, dashes or underscores, starting with a letter or digit.';
  }
  if (value.length > MAX_SECRET_LENGTH) problems.value = `At most ${MAX_SECRET_LENGTH} characters.`;
  return problems;
}

export interface SecretsListProps {
  secrets: SecretInfo[];
  busy: string | null;
  onDelete(name: string): void;
}

export function SecretsList({ secrets, busy, onDelete }: SecretsListProps) {
  if (secrets.length === 0) return <p className="muted small">No secret is saved.</p>;
  return (
    <ul className="secret-list" aria-label="Saved secrets">
      {secrets.map((secret) => (
        <li key={secret.name}>
          <span className="mono">{secret.name}</span>
          <span className="muted small">changed {formatDateTime(secret.updatedAt)}</span>
          <button type="button" className="danger small-button" disabled={busy !== null} onClick={() => onDelete(secret.name)} aria-label={`Delete secret ${secret.name}`}>
            Delete
          </button>
        </li>
      ))}
    </ul>
  );
}

export function SecretsSection() {
  const api = useApi();
  const [secrets, setSecrets] = useState<SecretInfo[] | null>(null);
  const [name, setName] = useState('');
  const [value, setValue] = useState('');
  const [shown, setShown] = useState(false);
  const [busy, setBusy] = useState<string | null>(null);
  const [message, setMessage] = useState<{ kind: 'ok' | 'error'; text: string } | null>(null);

  useEffect(() => {
    let current = true;
    api.listSecrets().then(
      (list) => current && setSecrets(list),
      (error: unknown) => current && setMessage({ kind: 'error', text: `Could not list secrets: ${error instanceof Error ? error.message : String(error)}` }),
    );
    return () => {
      current = false;
    };
  }, [api]);

  const problems = secretProblems(name, value);
  const exists = secrets?.some((secret) => secret.name === name) ?? false;
  const canSave = name !== '' && value !== '' && !problems.name && !problems.value && busy === null;

  const run = (label: string, call: () => Promise<SecretInfo[]>, done: string) => {
    setBusy(label);
    setMessage(null);
    call().then(
      (list) => {
        setSecrets(list);
        setBusy(null);
        setMessage({ kind: 'ok', text: done });
      },
      (error: unknown) => {
        setBusy(null);
        setMessage({ kind: 'error', text: `${label} failed: ${error instanceof Error ? error.message : String(error)}` });
      },
    );
  };

  return (
    <section className="secrets" aria-labelledby="secrets-title">
      <h3 id="secrets-title">Saved secrets</h3>
      <p className="muted small">
        Passwords the sessions file refers to by name (for example an external VNC server&apos;s). Stored encrypted
        (the system keyring in the desktop app); once saved, a value is never shown again — replace it instead.
      </p>
      {secrets === null ? <p className="muted small">Loading…</p> : <SecretsList secrets={secrets} busy={busy} onDelete={(secret) => run('Delete', () => api.deleteSecret(secret), `Deleted ${secret}.`)} />}
      <form
        className="secret-form"
        aria-label="Save a secret"
        onSubmit={(event) => {
          event.preventDefault();
          if (!canSave) return;
          const saved = name;
          run('Save', () => api.setSecret(saved, value), `Saved ${saved}.`);
          setValue('');
        }}
      >
        <label>
          Secret name
          <input
            className="mono"
            value={name}
            autoComplete="off"
            spellCheck={false}
            aria-invalid={problems.name ? true : undefined}
            onChange={(event) => setName(event.target.value.trim())}
          />
        </label>
        <label>
          Secret value
          <input
            type={shown ? 'text' : 'password'}
            value={value}
            autoComplete="new-password"
            aria-invalid={problems.value ? true : undefined}
            onChange={(event) => setValue(event.target.value)}
          />
        </label>
        <button type="button" aria-pressed={shown} onClick={() => setShown((show) => !show)}>
          {shown ? 'Hide' : 'Show'}
        </button>
        <button type="submit" className="primary" disabled={!canSave}>
          {exists ? 'Replace secret' : 'Save secret'}
        </button>
      </form>
      {(problems.name || problems.value) && (
        <p className="setting-problem small">{[problems.name, problems.value].filter(Boolean).join(' ')}</p>
      )}
      <p role={message?.kind === 'error' ? 'alert' : 'status'} className={message?.kind === 'error' ? 'is-error small' : 'muted small'}>
        {message?.text ?? ''}
      </p>
    </section>
  );
}
