// Who is logged in. The session itself is the httpOnly `sw_session` cookie; only the user's name
// and roles are remembered here, so a fresh browser shows the login page without asking the server.
import { createContext, useCallback, useContext, useEffect, useState, type ReactNode } from 'react';
import { api, setUnauthorizedHandler } from '../api/client.ts';
import type { User } from '../api/types.ts';

const STORAGE_KEY = 'sw.user';

interface Session {
  user: User | null;
  login(username: string, password: string): Promise<void>;
  logout(): Promise<void>;
}

const SessionContext = createContext<Session | null>(null);

function remembered(): User | null {
  try {
    return JSON.parse(localStorage.getItem(STORAGE_KEY) ?? 'null');
  } catch {
    return null;
  }
}

export function SessionProvider({ children }: { children: ReactNode }) {
  const [user, setUser] = useState<User | null>(remembered);
  const forget = useCallback(() => {
    localStorage.removeItem(STORAGE_KEY);
    setUser(null);
  }, []);

  useEffect(() => setUnauthorizedHandler(forget), [forget]);
  useEffect(() => {
    // A remembered user is checked once: the cookie may have expired since.
    if (remembered()) api.get('/auth/me').catch(forget);
  }, [forget]);

  const login = useCallback(async (username: string, password: string) => {
    const res = await api.post<{ user: User }>('/auth/login', { username, password });
    localStorage.setItem(STORAGE_KEY, JSON.stringify(res.user));
    setUser(res.user);
  }, []);
  const logout = useCallback(async () => {
    await api.post('/auth/logout').catch(() => undefined);
    forget();
  }, [forget]);

  return <SessionContext.Provider value={{ user, login, logout }}>{children}</SessionContext.Provider>;
}

export function useSession(): Session {
  const ctx = useContext(SessionContext);
  if (!ctx) throw new Error('useSession outside SessionProvider');
  return ctx;
}
