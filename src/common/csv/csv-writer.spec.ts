import { csvWriter, neutraliseCell } from './csv-writer';

describe('neutraliseCell (OWASP CSV injection)', () => {
  it.each([
    ['=HYPERLINK("https://evil.example","click")', `'=HYPERLINK("https://evil.example","click")`],
    ['+1 555 0100', `'+1 555 0100`],
    ['-2+3', `'-2+3`],
    ['@SUM(A1:A2)', `'@SUM(A1:A2)`],
    ['\t=1', `'\t=1`],
    ['\r=1', `'\r=1`],
    ['Dana Ortiz', 'Dana Ortiz'],
    ['a=b', 'a=b'],
    ['', ''],
  ])('%j → %j', (cell, written) => {
    expect(neutraliseCell(cell)).toBe(written);
  });
});

describe('csvWriter', () => {
  it('neutralises text but keeps negative amounts numeric', async () => {
    const out = csvWriter(['name', 'amount', 'big']);
    const chunks: string[] = [];
    out.on('data', (chunk: Buffer) => chunks.push(chunk.toString()));
    const done = new Promise((resolve) => out.on('end', resolve));
    out.write(['=cmd|calc', -1250, -1250n]);
    out.end();
    await done;
    expect(chunks.join('')).toBe("name,amount,big\n'=cmd|calc,-1250,-1250\n");
  });
});
