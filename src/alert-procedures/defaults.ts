// The built-in procedure for each alert type, in Traditional Chinese and English: what the officer
// who acknowledged the alert does next. The customs admin may replace any of them (service.ts);
// the Record type makes a new alert rule name its procedure here.
import type { AlertType } from '../core/types.ts';

export interface Procedure {
  zh: string[];
  en: string[];
}

export const DEFAULT_PROCEDURES: Record<AlertType, Procedure> = {
  seal_tamper: {
    zh: ['立即致電駕駛確認車輛狀況與所在位置', '通知運輸業者及起運地貨櫃場', '派員或通知最近關區/駐警攔查車輛', '現場查驗封條與貨櫃並拍照存證', '依查驗結果結案或移送偵辦'],
    en: ['Call the driver at once: the truck\'s state and exact position', 'Inform the transport company and the origin yard', 'Send officers or ask the nearest customs office or police to stop the truck', 'Inspect the seals and container on site and take photos', 'Resolve by the finding, or refer the case'],
  },
  route_deviation: {
    zh: ['致電駕駛詢問偏離原因（施工、改道、塞車）', '在地圖上確認車輛是否返回路線', '未能說明或持續偏離時通知運輸業者並派員查核'],
    en: ['Call the driver and ask why (roadworks, detour, traffic)', 'Watch on the map whether the truck returns to the route', 'Unexplained or lasting: inform the transport company and send an officer'],
  },
  inspection_evasion: {
    zh: ['致電駕駛要求返回檢查站', '通知檢查站及運輸業者', '車輛未返回時派員攔查並移送調查'],
    en: ['Call the driver and order the truck back to the checkpoint', 'Inform the checkpoint and the transport company', 'If the truck does not return: have it stopped and refer it for investigation'],
  },
  overdue: {
    zh: ['致電駕駛確認位置與預計抵達時間', '致電運達地貨櫃場確認是否已進站', '說明不合理時通知運輸業者並派員查核'],
    en: ['Call the driver: position and expected arrival', 'Call the destination yard: has the truck arrived?', 'No reasonable explanation: inform the transport company and send an officer'],
  },
  abnormal_stop: {
    zh: ['在地圖上確認停留地點（休息區、加油站或路邊）', '致電駕駛詢問停留原因', '停留地點可疑或聯絡不上時派員查看'],
    en: ['Check on the map where the truck stands (rest area, fuel station, roadside)', 'Call the driver and ask why', 'Suspicious place, or no answer: send an officer'],
  },
  unauthorized_facility: {
    zh: ['確認所進入場站的名稱與性質', '致電駕駛詢問進入原因', '通知該場站及運輸業者，必要時派員查驗'],
    en: ['Identify the facility entered and what it is', 'Call the driver and ask why', 'Inform the facility and the transport company; inspect if needed'],
  },
  signal_lost: {
    zh: ['致電駕駛確認車輛與車機狀況', '查看封條是否仍有回報', '失聯持續時通知運輸業者並派員追查'],
    en: ['Call the driver: the truck and its on-board unit', 'Check whether the seals still report', 'Still silent: inform the transport company and send an officer'],
  },
  seal_link_lost: {
    zh: ['致電駕駛確認封條與車機距離及狀況', '通知運輸業者檢查設備', '連線未恢復時於運達地查驗封條'],
    en: ['Call the driver: the seal and the on-board unit', 'Ask the transport company to check the devices', 'Link not back: inspect the seal at the destination'],
  },
  low_battery: {
    zh: ['通知運輸業者安排充電或更換設備', '確認本趟運送可否完成', '可於同時間的低電量警示一併確認'],
    en: ['Ask the transport company to charge or replace the device', 'Check that the trip can still finish', 'Low-battery alerts of the same time may be acknowledged together'],
  },
  departed_unconfirmed: {
    zh: ['致電起運地貨櫃場確認施封是否已確認', '致電駕駛暫停行駛待確認', '未經確認即出站者通知運輸業者並記錄'],
    en: ['Call the origin yard: was the sealing confirmed?', 'Call the driver to wait until it is', 'Left unconfirmed: inform the transport company and note it'],
  },
  gate_mismatch: {
    zh: ['比對門哨影像與運送單之車號、貨櫃號及封條號', '致電貨櫃場確認實際出入車輛', '資料錯誤者更正；不符者留置查驗'],
    en: ['Compare the gate photos with the CN: plate, containers, seals', 'Call the yard: which truck really passed?', 'Data error: correct it; real mismatch: hold and inspect'],
  },
  departed_unsealed: {
    zh: ['立即致電駕駛停車等候', '通知起運地貨櫃場及運輸業者', '派員現場施封或查驗後始可放行'],
    en: ['Call the driver at once to stop and wait', 'Inform the origin yard and the transport company', 'Release only after officers seal or inspect on site'],
  },
  seal_mismatch: {
    zh: ['比對讀取之封條號與運送單登載封條號', '通知讀取地點人員留置貨櫃', '派員查驗並依結果處理'],
    en: ['Compare the seal read with the seals on the CN', 'Ask the staff where it was read to hold the container', 'Inspect and act on the finding'],
  },
  seal_read_elsewhere: {
    zh: ['確認讀取地點與時間', '致電駕駛詢問為何在該地點', '必要時派員查驗貨櫃與封條'],
    en: ['Check where and when the seal was read', 'Call the driver and ask why the truck is there', 'Inspect the container and seals if needed'],
  },
  gate_out_unreleased: {
    zh: ['查詢報單放行狀態', '通知貨櫃場留置或召回貨櫃', '未放行即出站者移送調查'],
    en: ['Look up the declaration\'s release status', 'Ask the yard to hold or call back the container', 'Left before release: refer for investigation'],
  },
  gate_out_without_cn: {
    zh: ['查詢該貨櫃是否應以押運單運送', '通知貨櫃場與運輸業者補送運送單或召回', '無正當理由者移送調查'],
    en: ['Check whether the container must travel under a CN', 'Ask the yard and transport company to send the CN or call the container back', 'No good reason: refer for investigation'],
  },
  loaded_unreleased: {
    zh: ['查詢出口報單放行狀態', '通知船公司及碼頭暫停裝船或卸回', '依查核結果處理'],
    en: ['Look up the export declaration\'s release status', 'Ask the shipping line and terminal to stop loading or discharge it', 'Act on the finding'],
  },
  container_conflict: {
    zh: ['比對兩處紀錄（門哨、場站、封條讀取）之時間與地點', '確認貨櫃號是否誤讀', '非誤讀者派員查核兩處貨櫃'],
    en: ['Compare the two sightings (gate, yard, seal read): times and places', 'Check whether the number was misread', 'Not a misread: inspect both containers'],
  },
  cn_not_started: {
    zh: ['致電申報之貨櫃場確認運送是否取消或延後', '通知運輸業者確認車輛安排', '不再運送者請業者註銷運送單'],
    en: ['Call the yard that sent the CN: cancelled or delayed?', 'Ask the transport company about the truck', 'Not going: ask for the CN to be cancelled'],
  },
};
