/** Types of stack-plan.mjs (plain JavaScript, because set-up runs before node_modules exists). */
export declare const stackRequirements: string;
export declare function bundleDependencies(text: string, file?: string): string[];
export declare function stackPlan(root: string): { files: string[]; pipArgs: string[] };
