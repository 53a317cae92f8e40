import type { z } from "zod";
import { settingMeta, type SettingMeta } from "./setting.js";

/** One row of docs/configuration.md. */
export interface SettingDoc extends SettingMeta {
  readonly group: string;
  readonly name: string;
  readonly required: boolean;
  readonly defaultValue: string | undefined;
}

interface GroupLike {
  readonly title: string;
  readonly shape: Readonly<Record<string, z.ZodType>>;
}

/** Flattens the groups into rows; throws if a setting was declared without `setting()`. */
export function describeSettings(groups: readonly GroupLike[]): SettingDoc[] {
  return groups.flatMap((group) =>
    Object.entries(group.shape).map(([name, schema]) => {
      const meta = settingMeta.get(schema);
      if (meta === undefined) throw new Error(`Setting ${name} has no metadata; declare it with setting()`);
      // Parsing "unset" tells us, through the public API, whether a default exists and what it is.
      const unset = schema.safeParse(undefined);
      const defaultValue = unset.success ? asText(unset.data) : undefined;
      return { ...meta, group: group.title, name, required: !unset.success, defaultValue };
    }),
  );
}

function asText(value: unknown): string | undefined {
  if (value === undefined) return undefined;
  return typeof value === "string" ? value : JSON.stringify(value);
}

/** local.settings.sample.json in the Functions Core Tools format. */
export function renderSampleSettings(groups: readonly GroupLike[]): string {
  const values: Record<string, string> = {};
  for (const doc of describeSettings(groups)) {
    const value = doc.sample ?? doc.defaultValue;
    if (value === undefined && doc.required) throw new Error(`Setting ${doc.name} needs a sample value`);
    if (value !== undefined) values[doc.name] = value; // optional settings without one stay out of the sample
  }
  return `${JSON.stringify({ IsEncrypted: false, Values: values }, null, 2)}\n`;
}

/** docs/configuration.md; tables are padded the way Prettier pads them, so `npm run format` is a no-op. */
export function renderConfigDoc(groups: readonly GroupLike[]): string {
  const docs = describeSettings(groups);
  const sections = groups.map((group) => {
    const rows = docs
      .filter((d) => d.group === group.title)
      .map((d) => [
        `\`${d.name}\``,
        d.required ? "required" : d.defaultValue === undefined ? "optional" : `default \`${d.defaultValue}\``,
        d.secret ? "yes" : "no",
        d.description.replaceAll("|", "\\|"),
      ]);
    return `## ${group.title}\n\n${table(["Setting", "Required / default", "Secret", "Description"], rows)}`;
  });
  return (
    [
      "# Configuration",
      "<!-- Generated from shared/config/schema.ts by `npm run docs:config`; edit the schema, not this file. -->",
      "Settings are read once by `loadConfig()`; an invalid value stops the app with one error naming every " +
        "bad setting. Secret settings belong in Key Vault references, never in source control. Start locally " +
        "from `local.settings.sample.json`.",
      ...sections,
    ].join("\n\n") + "\n"
  );
}

function table(header: readonly string[], rows: readonly (readonly string[])[]): string {
  const widths = header.map((h, i) => Math.max(3, h.length, ...rows.map((r) => (r[i] ?? "").length)));
  const line = (cells: readonly string[]) =>
    `| ${cells.map((c, i) => c.padEnd(widths[i] ?? 0)).join(" | ")} |`;
  return [line(header), line(widths.map((w) => "-".repeat(w))), ...rows.map(line)].join("\n");
}
