import { z } from 'zod';

/**
 * Which app package a launch or plan takes its packaged components from when the configuration's annotations
 * (`appPackageId`, `appPackageVersion`) name none: by id, else by version; absent, the app's newest package.
 */
export const appPackageChoiceSchema = z
  .strictObject({ id: z.string().min(1).max(128).optional(), version: z.string().min(1).max(128).optional() })
  .optional();
