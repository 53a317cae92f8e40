/**
 * ASP.NET Core route constraints, the ones func documents for `route` templates
 * (https://learn.microsoft.com/azure/azure-functions/functions-bindings-http-webhook-trigger#customize-the-http-endpoint).
 */
export type Constraint = (value: string) => boolean;

const guid = /^[{(]?[0-9a-f]{8}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{12}[)}]?$/i;
const number = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:e[+-]?\d+)?$/i;

function integerIn(min: bigint, max: bigint): Constraint {
  return (v) => /^[+-]?\d+$/.test(v) && BigInt(v) >= min && BigInt(v) <= max;
}

const simple: Record<string, Constraint> = {
  int: integerIn(-(2n ** 31n), 2n ** 31n - 1n),
  long: integerIn(-(2n ** 63n), 2n ** 63n - 1n),
  bool: (v) => /^(true|false)$/i.test(v),
  guid: (v) => guid.test(v),
  alpha: (v) => /^[a-z]+$/i.test(v),
  double: (v) => number.test(v),
  float: (v) => number.test(v),
  decimal: (v) => number.test(v),
  datetime: (v) => !Number.isNaN(Date.parse(v)),
};

function numericArgs(name: string, args: string, count: number): number[] {
  const values = args.split(",").map((a) => Number(a.trim()));
  if (values.length !== count || values.some((n) => !Number.isFinite(n))) {
    throw new Error(`Route constraint "${name}(${args})" needs ${count} number(s)`);
  }
  return values;
}

/** Parses one constraint such as `int`, `min(1)`, `range(1,9)` or `regex(^a+$)`. */
export function parseConstraint(text: string): Constraint {
  const m = /^([a-z]+)(?:\((.*)\))?$/is.exec(text);
  if (!m) throw new Error(`Invalid route constraint "${text}"`);
  const name = (m[1] ?? "").toLowerCase();
  const args = m[2];
  if (args === undefined) {
    const c = simple[name];
    if (!c) throw new Error(`Unknown route constraint "${text}"`);
    return c;
  }
  switch (name) {
    case "min": {
      const [n = 0] = numericArgs(name, args, 1);
      return (v) => /^[+-]?\d+$/.test(v) && Number(v) >= n;
    }
    case "max": {
      const [n = 0] = numericArgs(name, args, 1);
      return (v) => /^[+-]?\d+$/.test(v) && Number(v) <= n;
    }
    case "range": {
      const [lo = 0, hi = 0] = numericArgs(name, args, 2);
      return (v) => /^[+-]?\d+$/.test(v) && Number(v) >= lo && Number(v) <= hi;
    }
    case "minlength": {
      const [n = 0] = numericArgs(name, args, 1);
      return (v) => v.length >= n;
    }
    case "maxlength": {
      const [n = 0] = numericArgs(name, args, 1);
      return (v) => v.length <= n;
    }
    case "length": {
      const nums = args.includes(",") ? numericArgs(name, args, 2) : numericArgs(name, args, 1);
      const [lo = 0, hi = lo] = nums;
      return (v) => v.length >= lo && v.length <= hi;
    }
    case "regex": {
      const re = new RegExp(args, "i");
      return (v) => re.test(v);
    }
    default:
      throw new Error(`Unknown route constraint "${text}"`);
  }
}
