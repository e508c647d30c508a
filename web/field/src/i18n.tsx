// zh-TW by default (the people in the yards and the cabs), English on request; the choice is kept.
import { createContext, useCallback, useContext, useMemo, useState, type ReactNode } from 'react';

const zhTW = {
  'app.title': 'SealWatch 現場作業',
  'lang.switch': 'English',
  'login.title': '登入',
  'login.username': '帳號',
  'login.password': '密碼',
  'login.submit': '登入',
  'login.failed': '帳號或密碼錯誤',
  'logout': '登出',
  'offline.banner': '目前離線：資料會在恢復連線後上傳',
  'tab.confirm': '加封確認',
  'tab.unseal': '解封',
  'tab.offline': '離線解封',
  'tab.task': '任務',
  'driver.login.title': '車輛登入',
  'driver.login.hint': '輸入身分證字號與車號，綁定本次運送任務',
  'driver.nationalId': '身分證字號',
  'driver.plate': '車號',
  'driver.login.submit': '開始任務',
  'driver.logout': '結束任務',
  'driver.source.app': 'App 登入',
  'driver.source.rfid': '港區通行證感應',
  'driver.noTask': '此車輛目前沒有運送單',
  'task.cn': '運送單',
  'task.container': '貨櫃',
  'task.destination': '運往站',
  'task.origin': '起運站',
  'task.route': '指定路線',
  'task.deadline': '抵達期限',
  'task.maxDuration': '時限 {min} 分鐘（出站起算）',
  'task.state': '狀態',
  'task.seals': '封條',
  'task.pair': '配對車機',
  'task.paired': '已配對 {obu}',
  'task.driverMismatch': '運送單上的司機不是您，請洽櫃場',
  'state.null': '未回報',
  'state.free': '未使用',
  'state.inserted': '已插入未上鎖',
  'state.locked': '已上鎖',
  'state.unlocked': '已解鎖',
  'state.tampered': '異常',
  'trip.planned': '待加封',
  'trip.sealed': '已加封',
  'trip.confirmed': '已確認',
  'trip.in_transit': '運送中',
  'trip.arrived': '已抵達',
  'trip.closed': '已結案',
  'trip.cancelled': '已註銷',
  'confirm.title': '待確認貨櫃',
  'confirm.empty': '目前沒有待確認的貨櫃',
  'confirm.tapHint': '點選貨櫃後拍攝櫃門照片（需看得到櫃號與封條）',
  'confirm.notLocked': '封條尚未全部上鎖',
  'confirm.photoOf': '{container} 櫃門照片',
  'confirm.submit': '確認加封',
  'confirm.retake': '重拍',
  'confirm.cancel': '取消',
  'confirm.done': '{container} 已確認加封',
  'confirm.sending': '上傳中…',
  'unseal.title': '人工解封',
  'unseal.search': '搜尋封條、貨櫃、車號或運送單',
  'unseal.empty': '沒有可解封的封條',
  'unseal.reason': '解封原因',
  'unseal.reason.geofence': '電子圍籬未自動解封',
  'unseal.reason.inspection': '海關查驗',
  'unseal.reason.fault': '封條故障',
  'unseal.submit': '解封',
  'unseal.sent': '解封指令已送出',
  'unseal.pending': '解封指令排程中',
  'unseal.acknowledged': '封條已回報解鎖',
  'unseal.failed': '指令無法送達封條：{error}',
  'unseal.expired': '封條未回應解封指令，請以人工解封（{error}）',
  'unseal.accepted': '已受理解封',
  'offline.title': '離線解封',
  'offline.noPermission': '您尚未取得離線解封權限',
  'offline.apply': '申請離線解封權限',
  'offline.applied': '申請已送出，等待海關核准',
  'offline.status.pending': '審核中',
  'offline.status.rejected': '未核准',
  'offline.status.revoked': '已撤銷',
  'offline.download': '下載解封資料',
  'offline.downloaded': '已下載，{min} 分 {sec} 秒內有效',
  'offline.expired': '解封資料已逾時，請重新下載',
  'offline.unseal': '連線封條並解封',
  'offline.howto': '長按車機 5 秒釋放藍牙，再按「連線封條並解封」',
  'offline.unsealed': '封條 {seal} 已解封',
  'offline.refused': '封條拒絕解封：{reason}',
  'offline.noLink': '此裝置無法連線封條（藍牙）',
  'offline.queue': '待上傳 {n} 筆解封紀錄',
  'offline.uploaded': '解封紀錄已上傳',
  'offline.tokens': '已下載的解封資料',
  'offline.seals': '可下載解封資料的封條',
  'common.done': '完成',
  'error.generic': '發生錯誤：{detail}',
  'error.network': '無法連線，請稍後再試',
} as const;

export type MessageKey = keyof typeof zhTW;

const en: Record<MessageKey, string> = {
  'app.title': 'SealWatch Field',
  'lang.switch': '中文',
  'login.title': 'Log in',
  'login.username': 'Account',
  'login.password': 'Password',
  'login.submit': 'Log in',
  'login.failed': 'Account or password is wrong',
  'logout': 'Log out',
  'offline.banner': 'Offline: records will be uploaded when the connection is back',
  'tab.confirm': 'Confirm',
  'tab.unseal': 'Unseal',
  'tab.offline': 'Offline unseal',
  'tab.task': 'Task',
  'driver.login.title': 'Vehicle log-in',
  'driver.login.hint': 'Enter your national ID and plate to take this trip',
  'driver.nationalId': 'National ID',
  'driver.plate': 'Plate',
  'driver.login.submit': 'Start',
  'driver.logout': 'End task',
  'driver.source.app': 'App log-in',
  'driver.source.rfid': 'Port pass tapped',
  'driver.noTask': 'This vehicle has no transport note now',
  'task.cn': 'Transport note',
  'task.container': 'Container',
  'task.destination': 'Destination',
  'task.origin': 'Origin',
  'task.route': 'Route',
  'task.deadline': 'Arrive by',
  'task.maxDuration': '{min} min from departure',
  'task.state': 'State',
  'task.seals': 'Seals',
  'task.pair': 'Pair with OBU',
  'task.paired': 'Paired with {obu}',
  'task.driverMismatch': 'The note names another driver: ask the yard',
  'state.null': 'No report',
  'state.free': 'Free',
  'state.inserted': 'Inserted, not locked',
  'state.locked': 'Locked',
  'state.unlocked': 'Unlocked',
  'state.tampered': 'Tampered',
  'trip.planned': 'To be sealed',
  'trip.sealed': 'Sealed',
  'trip.confirmed': 'Confirmed',
  'trip.in_transit': 'In transit',
  'trip.arrived': 'Arrived',
  'trip.closed': 'Closed',
  'trip.cancelled': 'Cancelled',
  'confirm.title': 'Containers to confirm',
  'confirm.empty': 'Nothing to confirm',
  'confirm.tapHint': 'Tap a container, then photograph the door (number and seal visible)',
  'confirm.notLocked': 'Not every seal is locked yet',
  'confirm.photoOf': 'Door of {container}',
  'confirm.submit': 'Confirm sealing',
  'confirm.retake': 'Retake',
  'confirm.cancel': 'Cancel',
  'confirm.done': '{container} confirmed',
  'confirm.sending': 'Uploading…',
  'unseal.title': 'Manual unseal',
  'unseal.search': 'Search seal, container, plate or note',
  'unseal.empty': 'No seal to unseal',
  'unseal.reason': 'Reason',
  'unseal.reason.geofence': 'Geofence did not unlock it',
  'unseal.reason.inspection': 'Customs inspection',
  'unseal.reason.fault': 'Seal fault',
  'unseal.submit': 'Unseal',
  'unseal.sent': 'Unlock command sent',
  'unseal.pending': 'Unlock command queued',
  'unseal.acknowledged': 'The seal reported unlocked',
  'unseal.failed': 'The command did not reach the seal: {error}',
  'unseal.expired': 'The seal did not answer the unlock command; unseal it by hand ({error})',
  'unseal.accepted': 'Unseal accepted',
  'offline.title': 'Offline unseal',
  'offline.noPermission': 'You do not hold the offline-unseal permission',
  'offline.apply': 'Apply for the permission',
  'offline.applied': 'Applied; waiting for customs',
  'offline.status.pending': 'Pending',
  'offline.status.rejected': 'Rejected',
  'offline.status.revoked': 'Revoked',
  'offline.download': 'Download unseal data',
  'offline.downloaded': 'Downloaded, valid {min} min {sec} s',
  'offline.expired': 'Expired: download again',
  'offline.unseal': 'Connect to the seal and unseal',
  'offline.howto': 'Hold the OBU button 5 s to release Bluetooth, then tap “Connect to the seal and unseal”',
  'offline.unsealed': 'Seal {seal} unsealed',
  'offline.refused': 'The seal refused: {reason}',
  'offline.noLink': 'This device cannot reach the seal (Bluetooth)',
  'offline.queue': '{n} unseal record(s) to upload',
  'offline.uploaded': 'Unseal records uploaded',
  'offline.tokens': 'Downloaded unseal data',
  'offline.seals': 'Seals you may unseal',
  'common.done': 'Done',
  'error.generic': 'Something went wrong: {detail}',
  'error.network': 'No connection; try again later',
};

export type Lang = 'zh-TW' | 'en';
const dictionaries: Record<Lang, Record<MessageKey, string>> = { 'zh-TW': zhTW, en };
const STORAGE_KEY = 'sw.field.lang';

export type Translate = (key: MessageKey, params?: Record<string, string | number>) => string;

interface I18n {
  lang: Lang;
  t: Translate;
  setLang(lang: Lang): void;
}

const Ctx = createContext<I18n | null>(null);

export function I18nProvider({ children }: { children: ReactNode }) {
  const [lang, setLangState] = useState<Lang>(() => (localStorage.getItem(STORAGE_KEY) === 'en' ? 'en' : 'zh-TW'));
  const setLang = useCallback((l: Lang) => {
    localStorage.setItem(STORAGE_KEY, l);
    document.documentElement.lang = l === 'en' ? 'en' : 'zh-Hant-TW';
    setLangState(l);
  }, []);
  const value = useMemo<I18n>(
    () => ({
      lang,
      setLang,
      t: (key, params) => {
        const text = dictionaries[lang][key] ?? key;
        return params ? text.replace(/\{(\w+)\}/g, (_, n: string) => String(params[n] ?? '')) : text;
      },
    }),
    [lang, setLang],
  );
  return <Ctx.Provider value={value}>{children}</Ctx.Provider>;
}

export function useI18n(): I18n {
  const v = useContext(Ctx);
  if (!v) throw new Error('useI18n outside I18nProvider');
  return v;
}

/** A key built from a server value (a seal or trip state), with the raw value as fallback. */
export function dyn(t: Translate, prefix: string, value: string | null | undefined): string {
  const key = `${prefix}.${value ?? 'null'}` as MessageKey;
  return key in zhTW ? t(key) : String(value ?? '');
}
