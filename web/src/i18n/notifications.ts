// The push-notification toggle of the top bar.
export const notificationsZhTW = {
  'push.on': '推播通知：開',
  'push.off': '推播通知：關',
  'push.denied': '推播通知已被瀏覽器封鎖',
  'push.failed': '無法設定推播通知',
  'push.hint': '在此瀏覽器接收新的重大警示',
} as const;

export const notificationsEn: Record<keyof typeof notificationsZhTW, string> = {
  'push.on': 'Push notifications: on',
  'push.off': 'Push notifications: off',
  'push.denied': 'Push notifications are blocked by the browser',
  'push.failed': 'Push notifications could not be set',
  'push.hint': 'New critical alerts on this browser',
};
