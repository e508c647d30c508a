// Who is logged in (web/shared/session.ts): the session is the httpOnly cookie; the user's name and
// roles are remembered here, so a fresh browser shows the login page without asking the server.
import { createContext, useCallback, useContext, useEffect, useState, type ReactNode } from 'react';
import { api } from '../api/client.ts';
import type { SessionUser } from '../../shared/api-types.ts';
import { logIn, logOut, sessionStore } from '../../shared/session.ts';

const remembered = sessionStore<SessionUser>('sw.user');

interface Session {
  user: SessionUser | null;
  login(username: string, password: string): Promise<void>;
  logout(): Promise<void>;
}

const SessionContext = createContext<Session | null>(null);

export function SessionProvider({ children }: { children: ReactNode }) {
  const [user, setUser] = useState<SessionUser | null>(remembered.read);
  const forget = useCallback(() => {
    remembered.clear();
    setUser(null);
  }, []);

  useEffect(() => api.onUnauthorized(forget), [forget]);
  useEffect(() => {
    // A remembered user is checked once: the cookie may have expired since.
    if (remembered.read()) api.get('/auth/me').catch(forget);
  }, [forget]);

  const login = useCallback(async (username: string, password: string) => {
    const res = await logIn(api, username, password);
    remembered.write(res.user);
    setUser(res.user);
  }, []);
  const logout = useCallback(async () => {
    await logOut(api);
    forget();
  }, [forget]);

  return <SessionContext.Provider value={{ user, login, logout }}>{children}</SessionContext.Provider>;
}

export function useSession(): Session {
  const ctx = useContext(SessionContext);
  if (!ctx) throw new Error('useSession outside SessionProvider');
  return ctx;
}
