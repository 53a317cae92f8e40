import { z } from "zod";

/** What the docs and the sample settings file need to know about one setting. */
export interface SettingMeta {
  /** One sentence for docs/configuration.md. */
  readonly description: string;
  /** Secret values are never logged, never put in error messages, and kept out of source control. */
  readonly secret: boolean;
  /** Value for local.settings.sample.json when the setting has no default (must not be a real secret). */
  readonly sample?: string;
}

/** Holds the {@link SettingMeta} of every setting schema; read by the docs generator. */
export const settingMeta = z.registry<SettingMeta>();

/** Attaches docs metadata to a setting's schema. Every entry of a group's shape must go through here. */
export function setting<T extends z.ZodType>(schema: T, meta: SettingMeta): T {
  settingMeta.add(schema, meta);
  return schema;
}

/**
 * A feature's settings: env-var names mapped to schemas, and how the parsed values become the
 * feature's slice of the typed config. New features add a group; nothing else changes.
 */
export interface SettingGroup<S extends z.ZodRawShape, T> {
  readonly title: string;
  readonly shape: S;
  readonly read: (values: z.output<z.ZodObject<S>>) => T;
}

/** Declares a {@link SettingGroup}; exists so TypeScript infers `S` and `T` together. */
export function defineGroup<S extends z.ZodRawShape, T>(
  title: string,
  shape: S,
  read: (values: z.output<z.ZodObject<S>>) => T,
): SettingGroup<S, T> {
  return { title, shape, read };
}

/**
 * A setting holding JSON text (app settings are strings), parsed and then checked by `schema`; a value
 * that is not JSON fails with "must be JSON" instead of a parser message that could echo the value.
 */
export function jsonSetting<T extends z.ZodType>(schema: T) {
  return z
    .string()
    .transform((text, ctx) => {
      try {
        return JSON.parse(text) as unknown;
      } catch {
        ctx.addIssue({ code: "custom", message: "must be JSON" });
        return z.NEVER;
      }
    })
    .pipe(schema);
}
