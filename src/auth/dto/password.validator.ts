import { ValidateBy, ValidationArguments } from 'class-validator';
import { passwordWeakness } from '../domain/password-policy';

/** The password policy as a field rule; reads the `email` beside it (same object) for the e-mail check. */
export function IsAcceptablePassword(): PropertyDecorator {
  const weakness = (value: unknown, args: ValidationArguments | undefined): string | null => {
    const email = (args?.object as { email?: unknown } | undefined)?.email;
    return typeof value === 'string' ? passwordWeakness(value, typeof email === 'string' ? email : undefined) : 'password must be a string';
  };
  return ValidateBy({
    name: 'isAcceptablePassword',
    validator: {
      validate: (value, args) => weakness(value, args) === null,
      defaultMessage: (args) => weakness(args?.value, args) ?? 'password is not acceptable',
    },
  });
}
