// The base map switch on the console's maps, spread into zh-TW.ts and en.ts.
export const basemapZhTW = {
  'basemap.title': '底圖',
  'basemap.coastline': '海岸線（離線）',
  'basemap.emap': '臺灣通用電子地圖',
  'basemap.style': '線上地圖',
  'basemap.streets': '街道圖（離線）',
};

export const basemapEn: Record<keyof typeof basemapZhTW, string> = {
  'basemap.title': 'Base map',
  'basemap.coastline': 'Coastline (offline)',
  'basemap.emap': 'Taiwan e-Map (NLSC)',
  'basemap.style': 'Online map',
  'basemap.streets': 'Streets (offline)',
};
