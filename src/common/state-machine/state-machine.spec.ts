import { assertTransition, canTransition, defineStateMachine, IllegalTransitionError, isTerminal } from './state-machine';

type Light = 'green' | 'amber' | 'red' | 'off';
const light = defineStateMachine<Light>('light', {
  green: ['amber'],
  amber: ['red'],
  red: ['green', 'red'],
  off: [],
});

describe('state machine', () => {
  it.each<[Light, Light, boolean]>([
    ['green', 'amber', true],
    ['green', 'red', false],
    ['green', 'green', false], // staying put is refused unless listed
    ['red', 'red', true],
    ['off', 'green', false],
  ])('%s → %s allowed: %s', (from, to, allowed) => {
    expect(canTransition(light, from, to)).toBe(allowed);
  });

  it('throws a typed error coded after the machine', () => {
    expect(() => assertTransition(light, 'green', 'red')).toThrow(IllegalTransitionError);
    expect(() => assertTransition(light, 'green', 'red')).toThrow(
      expect.objectContaining({ code: 'light.illegal_transition', machine: 'light', from: 'green', to: 'red', allowed: ['amber'] }),
    );
  });

  it('knows final states', () => {
    expect(isTerminal(light, 'off')).toBe(true);
    expect(isTerminal(light, 'red')).toBe(false);
  });

  it('cannot be changed once defined', () => {
    expect(Object.isFrozen(light)).toBe(true);
    expect(Object.isFrozen(light.transitions)).toBe(true);
  });
});
