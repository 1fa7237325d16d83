/** The latest 18:00 UTC before now: midday in Chicago and Los Angeles, inside FDCPA §1692c(a)(1) hours, whatever the hour the suite runs. */
export function lastDaytime(): string {
  const day = 86_400_000;
  const at = Math.floor(Date.now() / day) * day + 18 * 3_600_000;
  return new Date(at > Date.now() ? at - day : at).toISOString();
}
