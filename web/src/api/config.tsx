// The console's settings from the server (/web-config.json): online map style, acknowledgement target.
import { createContext, useContext } from 'react';
import type { WebConfig } from './types.ts';

export const DEFAULT_CONFIG: WebConfig = { ackTargetSeconds: 180 };

export async function loadWebConfig(): Promise<WebConfig> {
  try {
    const res = await fetch('/web-config.json');
    if (!res.ok) return DEFAULT_CONFIG;
    return { ...DEFAULT_CONFIG, ...(await res.json()) };
  } catch {
    return DEFAULT_CONFIG;
  }
}

export const ConfigContext = createContext<WebConfig>(DEFAULT_CONFIG);
export const useConfig = () => useContext(ConfigContext);
