// Hands the one SessionDeckApi to the components that call it.
import { createContext, useContext } from 'react';
import type { SessionDeckApi } from '../../../electron/shared/api';

export const ApiContext = createContext<SessionDeckApi | null>(null);

export function useApi(): SessionDeckApi {
  const api = useContext(ApiContext);
  if (!api) throw new Error('useApi() needs an <ApiContext.Provider> above it');
  return api;
}
