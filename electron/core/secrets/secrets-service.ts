// Saved secrets as the contract offers them: listed by name only (values go to scripts alone, by
// name), each save and deletion recorded in the audit log. Apart from the store, which only keeps
// them, and from the engine, which only wires this to the journal.
import type { SecretInfo } from '../../shared/session';
import type { SecretStore } from './secret-store';

export type SecretAudit = { kind: 'settings_changed'; details: { key: 'secret'; name: string; action: 'saved' | 'deleted' } };

export class SecretsService {
  constructor(
    private readonly store: SecretStore,
    private readonly audit: (record: SecretAudit) => Promise<void>,
  ) {}

  list(): Promise<SecretInfo[]> {
    return this.store.list();
  }

  /** A secret's value, for a script that names it. */
  get(name: string): Promise<string | undefined> {
    return this.store.get(name);
  }

  /** Saves (or replaces) a secret; resolves with the list after it. */
  async set(name: string, value: string): Promise<SecretInfo[]> {
    await this.store.set(name, value);
    await this.audit({ kind: 'settings_changed', details: { key: 'secret', name, action: 'saved' } });
    return this.store.list();
  }

  async delete(name: string): Promise<SecretInfo[]> {
    await this.store.delete(name);
    await this.audit({ kind: 'settings_changed', details: { key: 'secret', name, action: 'deleted' } });
    return this.store.list();
  }
}
