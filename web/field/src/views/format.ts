/** A time as people in Taiwan read it: Asia/Taipei, 24-hour. */
export function formatTime(iso: string): string {
  return new Date(iso).toLocaleString('zh-TW', { timeZone: 'Asia/Taipei', hour12: false, month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit' });
}
