// What a part of the platform needs of a logger (pino's shape: an object first, then the message),
// so that services take one without depending on the HTTP framework that creates it.
export type LogMethod = (obj: object, msg?: string) => void;

export interface Log {
  info: LogMethod;
  warn: LogMethod;
  error: LogMethod;
}
