// The journal's public surface: the factory, the CSV export for the HTTP layer, and their types.
export { createJournal, type JournalOptions, type JournalService, type RetentionResult } from './journal';
export type { AuditInput, Journal } from './journal-api';
export { DEFAULT_HOOK_TIMEOUT_MS, type HookConfig } from './hook-runner';
export { metricsToCsv } from '../../shared/metrics-csv';
export { RefusalAggregator, REFUSAL_WINDOW_MS, type AggregatorTime, type RefusalRecord } from './refusal-aggregator';
