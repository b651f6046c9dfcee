import { describe, expect, it } from 'vitest';
import { CM_IOCTL_GET_FEATURE_REQUEST, FEATURE, scardCtlCode } from '../../../src-main/core/card/pcsc/pcsc-codes';
import { detectPinPad, FeatureListFormatError, parseFeatureList } from '../../../src-main/core/card/pcsc/pin-pad';
import { hex, ScriptedTransport } from '../../support/card/scripted-transport';

// GET_FEATURE_REQUEST answer of a CCID PIN-pad reader under pcsc-lite (PC/SC Part 10, 2.2):
// VERIFY_PIN_DIRECT (06), MODIFY_PIN_DIRECT (07), IFD_PIN_PROPERTIES (0A), GET_TLV_PROPERTIES (12),
// each a 4-byte big-endian control code 0x42330000 + tag.
const PINPAD_FEATURES = '0604423300060704423300070A04423300 0A1204423300 12'.replace(/ /g, '');

describe('PIN-pad detection (CM_IOCTL_GET_FEATURE_REQUEST)', () => {
  it('builds SCARD_CTL_CODE(3400) for pcsc-lite and for Windows', () => {
    expect(scardCtlCode(CM_IOCTL_GET_FEATURE_REQUEST, 'linux')).toBe(0x42000d48);
    expect(scardCtlCode(CM_IOCTL_GET_FEATURE_REQUEST, 'win32')).toBe(0x00313520);
  });

  it('parses the feature list', () => {
    const features = parseFeatureList(hex(PINPAD_FEATURES));
    expect(features.get(FEATURE.VERIFY_PIN_DIRECT)).toBe(0x42330006);
    expect(features.get(FEATURE.GET_TLV_PROPERTIES)).toBe(0x42330012);
    expect(() => parseFeatureList(hex('0603423300'))).toThrow(FeatureListFormatError);
    expect(() => parseFeatureList(hex('060442'))).toThrow(FeatureListFormatError);
  });

  it('finds FEATURE_VERIFY_PIN_DIRECT through the transport control call', async () => {
    const t = new ScriptedTransport([{ control: 0x42000d48, reply: PINPAD_FEATURES }]);
    expect(await detectPinPad(t, 'linux')).toEqual({ verifyPinDirect: 0x42330006 });
  });

  it('treats a reader without the feature, a failing control call or garbage as "no PIN pad"', async () => {
    expect(await detectPinPad(new ScriptedTransport([{ control: 0x42000d48, reply: '1204423300 12'.replace(' ', '') }]), 'linux')).toBeNull();
    expect(await detectPinPad(new ScriptedTransport([{ control: 0x42000d48, throws: new Error('SCARD_E_NOT_TRANSACTED') }]), 'linux')).toBeNull();
    expect(await detectPinPad(new ScriptedTransport([{ control: 0x42000d48, reply: '06' }]), 'linux')).toBeNull();
  });
});
