import {
  GraphQLError,
  Kind,
  type ASTVisitor,
  type DocumentNode,
  type FragmentDefinitionNode,
  type GraphQLField,
  type GraphQLNamedType,
  type GraphQLOutputType,
  type GraphQLSchema,
  type SelectionSetNode,
  type ValidationContext,
  type ValidationRule,
  type ValueNode,
} from 'graphql';

// Query-shape limits, checked during validation so an abusive document is refused before any
// resolver runs. Apollo reports these as GRAPHQL_VALIDATION_FAILED.
//
// Why our own rule rather than graphql-depth-limit: that rule re-walks a fragment at every
// spread, so 30 levels of `fragment Fi { ...Fi+1 ...Fi+1 }` (1.2 KB) cost 2^30 visits and froze
// the API for minutes, and a fragment cycle overflowed the stack. Here every fragment is measured
// once (memoised) and a cycle ends the walk, so the cost is linear in the document whatever its
// shape; the nesting and repetition are still *counted* in full (numbers, not walks), so such a
// document is refused for what it would do.

export interface QueryLimits {
  maxDepth: number;
  maxAliases: number;
  maxDirectives: number;
  /** Largest estimated number of fields resolved for one request (see `estimate`). */
  maxCost: number;
}

/**
 * Arguments that size a list (page size, k nearest) and the largest value the service accepts.
 * A variable is assumed to take the largest value, as validation runs before variables are seen
 * (and Apollo caches a validated document for every set of variables).
 */
export type ListArguments = Readonly<Record<string, number>>;

interface Measure {
  /** Deepest field below this selection set; a top-level leaf field is depth 0. */
  depth: number;
  aliases: number;
  directives: number;
  /** Fields resolved, each multiplied by the sizes of the lists it sits in. */
  cost: number;
}

// Counts double at every repeated spread; clamp so they stay finite (and never NaN from 0 × ∞).
const CAP = 1e15;
const clamp = (n: number) => (n > CAP ? CAP : n);
const ZERO: Measure = { depth: 0, aliases: 0, directives: 0, cost: 0 };

/** Measures every operation of a document in time linear in its size. */
export function measureDocument(
  schema: GraphQLSchema,
  document: DocumentNode,
  listArgs: ListArguments,
): { name: string; measure: Measure }[] {
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const d of document.definitions)
    if (d.kind === Kind.FRAGMENT_DEFINITION) fragments.set(d.name.value, d);
  // `null` marks a fragment being measured: meeting it again is a cycle, which graphql-js's
  // NoFragmentCyclesRule reports; here it simply adds nothing.
  const memo = new Map<string, Measure | null>();

  const fragment = (name: string): Measure => {
    if (memo.has(name)) return memo.get(name) ?? ZERO;
    const def = fragments.get(name);
    if (!def) return ZERO; // KnownFragmentNamesRule reports it
    memo.set(name, null);
    const m = selectionSet(def.selectionSet, schema.getType(def.typeCondition.name.value));
    memo.set(name, m);
    return m;
  };

  const selectionSet = (set: SelectionSetNode, parent: GraphQLNamedType | null | undefined): Measure => {
    let depth = 0;
    let aliases = 0;
    let directives = 0;
    let cost = 0;
    for (const s of set.selections) {
      directives += s.directives?.length ?? 0;
      let m: Measure;
      if (s.kind === Kind.FIELD) {
        if (s.alias) aliases += 1;
        const fieldDef = fieldOf(parent, s.name.value);
        let size = 1;
        for (const [arg, max] of Object.entries(listArgs)) {
          const argDef = fieldDef?.args.find((a) => a.name === arg);
          if (!argDef) continue;
          const given = s.arguments?.find((a) => a.name.value === arg)?.value;
          size = listSize(given, argDef.defaultValue, max);
        }
        if (s.selectionSet) {
          const child = selectionSet(s.selectionSet, fieldDef ? namedType(fieldDef.type) : null);
          m = {
            depth: child.depth + 1,
            aliases: child.aliases,
            directives: child.directives,
            cost: 1 + size * child.cost,
          };
        } else {
          m = { depth: 0, aliases: 0, directives: 0, cost: 1 };
        }
      } else if (s.kind === Kind.INLINE_FRAGMENT) {
        const type = s.typeCondition ? schema.getType(s.typeCondition.name.value) : parent;
        m = selectionSet(s.selectionSet, type);
      } else {
        m = fragment(s.name.value);
      }
      depth = Math.max(depth, m.depth);
      aliases = clamp(aliases + m.aliases);
      directives = clamp(directives + m.directives);
      cost = clamp(cost + m.cost);
    }
    return { depth, aliases, directives, cost };
  };

  const out: { name: string; measure: Measure }[] = [];
  for (const d of document.definitions) {
    if (d.kind !== Kind.OPERATION_DEFINITION) continue;
    const root =
      d.operation === 'query'
        ? schema.getQueryType()
        : d.operation === 'mutation'
          ? schema.getMutationType()
          : schema.getSubscriptionType();
    const m = selectionSet(d.selectionSet, root);
    out.push({
      name: d.name?.value ?? '',
      measure: { ...m, directives: clamp(m.directives + (d.directives?.length ?? 0)) },
    });
  }
  return out;
}

// Structural checks rather than graphql-js's instanceof-based isObjectType/getNamedType, so the
// rule works whichever copy of graphql (ESM or CommonJS) built the schema.
function fieldOf(
  parent: GraphQLNamedType | null | undefined,
  name: string,
): GraphQLField<unknown, unknown> | undefined {
  if (!parent || !('getFields' in parent)) return undefined;
  const field = parent.getFields()[name];
  return field && 'args' in field ? field : undefined;
}

function namedType(type: GraphQLOutputType): GraphQLNamedType {
  let t: GraphQLOutputType = type;
  while ('ofType' in t) t = t.ofType;
  return t;
}

function listSize(given: ValueNode | undefined, defaultValue: unknown, max: number): number {
  if (given?.kind === Kind.INT) return Math.min(Math.max(Number(given.value), 0), max);
  if (given?.kind === Kind.VARIABLE) return max;
  if (typeof defaultValue === 'number') return Math.min(defaultValue, max);
  return max;
}

/** One validation rule enforcing depth, alias, directive and cost limits, linear in the document. */
export function queryLimitsRule(limits: QueryLimits, listArgs: ListArguments): ValidationRule {
  return (context: ValidationContext): ASTVisitor => ({
    Document: {
      leave(document) {
        for (const { name, measure } of measureDocument(context.getSchema(), document, listArgs)) {
          const op = name ? `'${name}'` : 'The operation';
          if (measure.depth > limits.maxDepth)
            context.reportError(
              new GraphQLError(`${op} exceeds maximum operation depth of ${limits.maxDepth}.`),
            );
          if (measure.aliases > limits.maxAliases)
            context.reportError(
              new GraphQLError(`Too many aliases: at most ${limits.maxAliases} per request.`),
            );
          if (measure.directives > limits.maxDirectives)
            context.reportError(
              new GraphQLError(`Too many directives: at most ${limits.maxDirectives} per request.`),
            );
          if (measure.cost > limits.maxCost)
            context.reportError(
              new GraphQLError(
                `${op} is too expensive: it could resolve ${formatCount(measure.cost)} fields ` +
                  `(page sizes multiplied through), over the limit of ${limits.maxCost}. ` +
                  'Ask for smaller pages or fewer nested lists.',
              ),
            );
        }
      },
    },
  });
}

const formatCount = (n: number) =>
  n >= CAP ? 'more than 10^15' : `about ${Math.round(n).toLocaleString('en-US')}`;

export function queryLimitRules(limits: QueryLimits, listArgs: ListArguments): ValidationRule[] {
  return [queryLimitsRule(limits, listArgs)];
}
