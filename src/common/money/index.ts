export * from './money';
export { bigintTransformer } from './bigint.transformer';
