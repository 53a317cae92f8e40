/** Tables of the engine's database; created on first start, never renamed (data survives upgrades). */
export const SCHEMA = `
CREATE TABLE IF NOT EXISTS instances (
  id TEXT PRIMARY KEY,
  name TEXT NOT NULL,
  version TEXT NOT NULL DEFAULT '',
  status TEXT NOT NULL,
  input TEXT,
  output TEXT,
  custom_status TEXT,
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL,
  parent_id TEXT,
  parent_task_id INTEGER,
  execution_id TEXT NOT NULL,
  state TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS instances_created ON instances (created_at);
CREATE TABLE IF NOT EXISTS history (
  instance_id TEXT NOT NULL,
  seq INTEGER NOT NULL,
  event TEXT NOT NULL,
  PRIMARY KEY (instance_id, seq)
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS messages (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  instance_id TEXT NOT NULL,
  execution_id TEXT,
  event_type INTEGER NOT NULL,
  event TEXT NOT NULL,
  visible_at INTEGER NOT NULL
);
CREATE INDEX IF NOT EXISTS messages_visible ON messages (visible_at);
CREATE INDEX IF NOT EXISTS messages_instance ON messages (instance_id, id);
CREATE TABLE IF NOT EXISTS activities (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  instance_id TEXT NOT NULL,
  execution_id TEXT NOT NULL,
  task_id INTEGER NOT NULL,
  name TEXT NOT NULL,
  input TEXT NOT NULL,
  visible_at INTEGER NOT NULL
);
CREATE INDEX IF NOT EXISTS activities_visible ON activities (visible_at);
CREATE INDEX IF NOT EXISTS activities_instance ON activities (instance_id);
`;
