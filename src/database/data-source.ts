import { DataSource } from 'typeorm';
import { loadConfigFromEnvironment } from '../config/environment';
import { dataSourceOptions } from './data-source-options';

/**
 * The migration CLI's DataSource (`npm run migration:run|revert|generate`): the same validated
 * configuration as the app (`.env`, development secrets), with every entity of the compiled build for `migration:generate`.
 */
export default new DataSource({ ...dataSourceOptions(loadConfigFromEnvironment().config), entities: [`${__dirname}/../**/*.entity.js`] });
