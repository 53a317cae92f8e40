export { loadConfig } from "./load.js";
export { configSchema, settingGroups, type Config } from "./schema.js";
