// Plain JavaScript: set-up runs before node_modules exists.

/**
 * local.settings.json after an upgrade: settings a newer sample adds are copied in (an older file would
 * leave new features unconfigured); values already in the file, edited or not, are kept.
 * Returns the new text, or undefined when nothing is missing. Throws on invalid JSON.
 */
export function mergeLocalSettings(currentText, sampleText) {
  const current = JSON.parse(currentText);
  const values = current.Values ?? {};
  const added = Object.entries(JSON.parse(sampleText).Values ?? {}).filter(([k]) => !(k in values));
  if (added.length === 0) return undefined;
  return {
    text: `${JSON.stringify({ ...current, Values: { ...values, ...Object.fromEntries(added) } }, null, 2)}\n`,
    added: added.map(([k]) => k),
  };
}
