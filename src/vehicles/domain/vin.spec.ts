import { validateVin } from './vin';

describe('validateVin', () => {
  it.each([
    ['1M8GDM9AXKP042788', undefined], // check digit X (remainder 10)
    ['11111111111111111', undefined],
    ['1HGCM82633A004352', 'US-TX'],
    ['3VWFE21C04M000001', 'MX-JAL'],
    ['JHMCM56557C404453', 'US-CA'], // Japanese WMI sold in the US: carries a check digit
  ])('accepts %s (region %s) and verifies its check digit', (vin, region) => {
    expect(validateVin(vin, region)).toEqual({ ok: true, vin, check_digit: 'verified' });
  });

  it('trims and upper-cases', () => {
    expect(validateVin('  1hgcm82633a004352 ')).toEqual({ ok: true, vin: '1HGCM82633A004352', check_digit: 'verified' });
  });

  it.each([
    ['', 0],
    ['1HGCM82633A00435', 16],
    ['1HGCM82633A0043521', 18],
    ['1HGCM 82633A004352', 18],
  ])('refuses %j for its length', (vin, length) => {
    const result = validateVin(vin);
    expect(result).toMatchObject({ ok: false, reason: 'length' });
    expect(!result.ok && result.message).toContain(`has ${length}`);
  });

  it.each(['1HGCM82633A00435I', '1HGCM82633A00435O', '1HGCM82633A00435Q', '1HGCM82633A00435-', '1HGCM82633A00435É'])(
    'refuses %s for its characters',
    (vin) => {
      expect(validateVin(vin)).toMatchObject({ ok: false, reason: 'characters' });
    },
  );

  it.each([
    ['1HGCM82633A004353', undefined], // last character mistyped
    ['1HGCM82643A004352', 'US-TX'], // check digit mistyped
    ['1M8GDM9A1KP042788', 'CA-ON'],
    ['JHMCM56557C404454', 'US-CA'],
  ])('refuses %s (region %s) for its check digit', (vin, region) => {
    const result = validateVin(vin, region);
    expect(result).toMatchObject({ ok: false, reason: 'check_digit' });
    expect(!result.ok && result.message).toMatch(/position 9/);
  });

  it('names the expected check digit', () => {
    expect(validateVin('1M8GDM9A1KP042788')).toMatchObject({ message: expect.stringContaining('give X') });
  });

  describe('outside North America', () => {
    const european = 'WVWZZZ1JZXW000001'; // position 9 is a filler `Z`, as in most European VINs

    it.each(['DE-BY', 'CN-GD', 'jp-13', 'GB'])('skips the check digit of a non-North-American WMI in region %s', (region) => {
      expect(validateVin(european, region)).toEqual({ ok: true, vin: european, check_digit: 'not_applicable' });
    });

    it.each(['US-TX', 'CA-ON', 'MX-CMX', 'US'])('enforces it in North-American region %s, imports included', (region) => {
      expect(validateVin(european, region)).toMatchObject({ ok: false, reason: 'check_digit' });
    });

    it.each([undefined, null, '', 'Bavaria', 'DE_BY'])('enforces it when the region is missing or unreadable (%j)', (region) => {
      expect(validateVin(european, region)).toMatchObject({ ok: false, reason: 'check_digit' });
    });

    it('enforces it for a North-American WMI wherever the vehicle is now', () => {
      expect(validateVin('1HGCM82633A004352', 'DE-BY')).toMatchObject({ ok: true, check_digit: 'verified' });
      expect(validateVin('1HGCM82633A004353', 'DE-BY')).toMatchObject({ ok: false, reason: 'check_digit' });
    });

    it('still refuses bad length and characters', () => {
      expect(validateVin('WVWZZZ1JZXW00000', 'DE-BY')).toMatchObject({ ok: false, reason: 'length' });
      expect(validateVin('WVWZZZ1JZXW00000O', 'DE-BY')).toMatchObject({ ok: false, reason: 'characters' });
    });
  });
});
