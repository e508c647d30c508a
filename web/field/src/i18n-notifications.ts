// The push-notification toggle of the field app's bar.
export const notificationsZhTW = {
  'push.on': '通知：開',
  'push.off': '通知：關',
  'push.denied': '通知已被封鎖',
  'push.failed': '無法設定通知',
} as const;

export const notificationsEn: Record<keyof typeof notificationsZhTW, string> = {
  'push.on': 'Alerts: on',
  'push.off': 'Alerts: off',
  'push.denied': 'Notifications blocked',
  'push.failed': 'Notifications could not be set',
};
