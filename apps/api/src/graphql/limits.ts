import { GraphQLError, type ASTVisitor, type ValidationContext, type ValidationRule } from 'graphql';
import depthLimit from 'graphql-depth-limit';

// Query-shape limits, checked during validation so an abusive document is refused before any
// resolver runs. Apollo reports these as GRAPHQL_VALIDATION_FAILED.

function countingRule(kind: 'aliases' | 'directives', max: number): ValidationRule {
  return (context: ValidationContext): ASTVisitor => {
    let count = 0;
    const bump = () => {
      count += 1;
      if (count === max + 1) {
        context.reportError(new GraphQLError(`Too many ${kind}: at most ${max} per request.`));
      }
    };
    return kind === 'aliases'
      ? { Field: (node) => void (node.alias ? bump() : undefined) }
      : { Directive: () => bump() };
  };
}

export function queryLimitRules(limits: { maxDepth: number; maxAliases: number; maxDirectives: number }) {
  return [
    depthLimit(limits.maxDepth) as ValidationRule,
    countingRule('aliases', limits.maxAliases),
    countingRule('directives', limits.maxDirectives),
  ];
}
