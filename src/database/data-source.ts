import { DataSource } from 'typeorm';
import { loadConfig } from '../config/app-config';
import { dataSourceOptions } from './data-source-options';

/**
 * The migration CLI's DataSource (`npm run migration:run|revert|generate`): the same validated
 * configuration as the app, with every entity of the compiled build for `migration:generate`.
 */
export default new DataSource({ ...dataSourceOptions(loadConfig()), entities: [`${__dirname}/../**/*.entity.js`] });
