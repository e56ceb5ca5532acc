// The OS groups of the user running Session Deck, for session types restricted with options.group.
// Called by the composition roots; the engine itself is handed the list.
import { execFile } from 'node:child_process';

export function currentUserGroups(): Promise<string[]> {
  return new Promise((resolve) => {
    execFile('id', ['-Gn'], (error, stdout) => resolve(error ? [] : stdout.trim().split(/\s+/).filter(Boolean)));
  });
}
