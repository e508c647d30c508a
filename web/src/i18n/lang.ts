// The console's languages: Traditional Chinese (Taiwan) by default, English on request.
export type Lang = 'zh-TW' | 'en';
