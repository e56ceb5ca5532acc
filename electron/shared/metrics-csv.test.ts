// CSV cells a spreadsheet would run as formulas are neutralised; numbers stay numbers.
import { describe, expect, it } from 'vitest';
import type { MetricsRow } from './journal';
import { csvField, metricsToCsv } from './metrics-csv';

const row: MetricsRow = { day: '2026-03-10', type: 'plain', started: 1, failed: 0, refused: 0, totalDurationMs: 4, meanDurationMs: 5, peakConcurrent: 6, bytesToViewer: 7, bytesFromViewer: 8 };

describe('CSV injection', () => {
  it('prefixes text cells starting with = + - @ tab or carriage return with a single quote', () => {
    expect(csvField('=HYPERLINK("http://evil.example","x")')).toBe(`"'=HYPERLINK(""http://evil.example"",""x"")"`);
    expect(csvField('+1+cmd|/C calc!A0')).toBe("'+1+cmd|/C calc!A0");
    expect(csvField('-2+3')).toBe("'-2+3");
    expect(csvField('@SUM(A1)')).toBe("'@SUM(A1)");
    expect(csvField('\t=1')).toBe("'\t=1");
    expect(csvField('\r=1')).toBe(`"'\r=1"`);
  });

  it('leaves other text, and numbers (negative ones too), as they are', () => {
    expect(csvField('Local Desktop')).toBe('Local Desktop');
    expect(csvField('a=b')).toBe('a=b');
    expect(csvField("'quoted")).toBe("'quoted");
    expect(csvField(-5)).toBe('-5');
    expect(csvField(-0.5)).toBe('-0.5');
    expect(csvField(0)).toBe('0');
  });

  it('neutralises a hostile type name in the metrics export', () => {
    const lines = metricsToCsv([{ ...row, type: '=cmd|" /C calc"!A0' }, { ...row, type: '-Lab', failed: -1 }]).split('\r\n');
    expect(lines[1]).toBe(`2026-03-10,"'=cmd|"" /C calc""!A0",1,0,0,4,5,6,7,8,,,`);
    expect(lines[2]).toBe("2026-03-10,'-Lab,1,-1,0,4,5,6,7,8,,,");
  });
});
