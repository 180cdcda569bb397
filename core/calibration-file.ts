// Reads calibration.json beside the config. A missing file is normal; a broken one is
// reported for the dashboard and the CLI to show, never thrown.
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { parseCalibration } from './calibration.js';

export interface CalibrationState {
  file: string;
  note: string | null;
  error: string | null;
  entries: number;
}

export function calibrationPath(configPath: string): string {
  return join(dirname(configPath), 'calibration.json');
}

export function loadCalibration(configPath: string): CalibrationState {
  const file = calibrationPath(configPath);
  if (!existsSync(file)) return { file, note: null, error: null, entries: 0 };
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(file, 'utf8'));
  } catch (e) {
    return { file, note: null, error: `${file}: not valid JSON: ${(e as Error).message}`, entries: 0 };
  }
  const result = parseCalibration(raw, file);
  return result.ok
    ? { file, note: result.note, error: null, entries: result.entries }
    : { file, note: null, error: result.error, entries: 0 };
}
