// Sound and flash for critical alerts. The beep is synthesised with WebAudio (no audio file to
// load); the AudioContext is created on the first click because browsers refuse sound before it.
import { useEffect, useState } from 'react';
import type { Alert } from '../api/types.ts';
import { liveStore } from '../live/store.ts';

const SOUND_KEY = 'sw.sound';
let audio: AudioContext | null = null;

function unlockAudio() {
  if (!audio && typeof AudioContext !== 'undefined') audio = new AudioContext();
  void audio?.resume();
}
if (typeof document !== 'undefined') document.addEventListener('pointerdown', unlockAudio, { once: true });

export function soundEnabled(): boolean {
  return localStorage.getItem(SOUND_KEY) !== 'off';
}
export function setSoundEnabled(on: boolean): void {
  localStorage.setItem(SOUND_KEY, on ? 'on' : 'off');
}

/** Three short high beeps: distinct from a phone ring, audible over a control room. */
export function beep(times = 3): void {
  if (!audio || audio.state !== 'running' || !soundEnabled()) return;
  const start = audio.currentTime;
  for (let i = 0; i < times; i++) {
    const osc = audio.createOscillator();
    const gain = audio.createGain();
    osc.type = 'square';
    osc.frequency.value = 1046;
    const t0 = start + i * 0.25;
    gain.gain.setValueAtTime(0.0001, t0);
    gain.gain.exponentialRampToValueAtTime(0.2, t0 + 0.01);
    gain.gain.exponentialRampToValueAtTime(0.0001, t0 + 0.15);
    osc.connect(gain).connect(audio.destination);
    osc.start(t0);
    osc.stop(t0 + 0.16);
  }
}

const FLASH_MS = 8000;

/** The critical alert being flashed now, if any; beeps once when it arrives. */
export function useCriticalAlarm(): Alert | null {
  const [flash, setFlash] = useState<Alert | null>(null);
  useEffect(() => {
    let timer: ReturnType<typeof setTimeout> | undefined;
    const off = liveStore.onNewAlert((a) => {
      if (a.severity !== 'critical') return;
      beep();
      setFlash(a);
      clearTimeout(timer);
      timer = setTimeout(() => setFlash(null), FLASH_MS);
    });
    return () => {
      off();
      clearTimeout(timer);
    };
  }, []);
  useEffect(() => {
    if (!flash) return;
    // Someone has taken it: the room need not be alarmed any longer.
    return liveStore.subscribe('alerts', () => {
      if (liveStore.alerts.get(flash.id)?.status !== 'open') setFlash(null);
    });
  }, [flash]);
  return flash;
}
