export type { IdResult } from './result.ts';
export { containerCheckDigit, validateContainerNo } from './container-number.ts';
export { validateNationalId } from './national-id.ts';
export { validateUbn } from './ubn.ts';
export { normalizePlate, validatePlate } from './plate.ts';
export { validateCnNo } from './cn-number.ts';
export { validateSealNo } from './seal-number.ts';
export { CUSTOMS_OFFICES, customsOfficeOf, validateStationCode } from './station-code.ts';
export { formatTaipei, parseRocDate, toRocDate } from './roc-date.ts';
