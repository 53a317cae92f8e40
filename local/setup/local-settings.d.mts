/** Types of local-settings.mjs (plain JavaScript, because set-up runs before node_modules exists). */
export declare function mergeLocalSettings(
  currentText: string,
  sampleText: string,
): { text: string; added: string[] } | undefined;
