import { Kind, type ValueNode } from 'graphql';
import { scalarType } from 'nexus';

function literal(ast: ValueNode): unknown {
  switch (ast.kind) {
    case Kind.STRING:
    case Kind.BOOLEAN:
      return ast.value;
    case Kind.INT:
    case Kind.FLOAT:
      return Number(ast.value);
    case Kind.LIST:
      return ast.values.map(literal);
    case Kind.OBJECT:
      return Object.fromEntries(ast.fields.map((f) => [f.name.value, literal(f.value)]));
    default:
      return null;
  }
}

export const JSONScalar = scalarType({
  name: 'JSON',
  asNexusMethod: 'json',
  description: 'Arbitrary JSON: used for detail that is shown as-is (e.g. raw metadata tags).',
  serialize: (v) => v,
  parseValue: (v) => v,
  parseLiteral: literal,
});
