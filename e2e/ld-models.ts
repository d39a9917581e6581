import path from "node:path";
import { readFileSync } from "node:fs";
import ts from "typescript";

/**
 * The models of LaunchDarkly's published API client, read from the client itself: its `api.ts`
 * (the TypeScript it was generated as, shipped in the package) is parsed with the TypeScript
 * compiler, so every check below follows the client's own declarations — which properties are
 * required, which types they have, which literal values an enum allows — and nothing is copied
 * out of it by hand.
 *
 * `modelProblems(name, value)` lists where a JSON value departs from the named model;
 * `returnModelOf(api, method)` is the model a client method declares it answers;
 * `checkedClient(api)` wraps a client so every successful call's `data` is checked against it.
 */
const API_TS = path.resolve(import.meta.dirname, "..", "node_modules", "launchdarkly-api-typescript", "api.ts");

type Declarations = {
  interfaces: Map<string, ts.InterfaceDeclaration>;
  aliases: Map<string, ts.TypeAliasDeclaration>;
  constants: Map<string, ts.Expression>;
  source: ts.SourceFile;
};

let parsed: Declarations | undefined;

function declarations(): Declarations {
  if (parsed) return parsed;
  const source = ts.createSourceFile(API_TS, readFileSync(API_TS, "utf8"), ts.ScriptTarget.ES2022, true);
  const interfaces = new Map<string, ts.InterfaceDeclaration>();
  const aliases = new Map<string, ts.TypeAliasDeclaration>();
  const constants = new Map<string, ts.Expression>();
  for (const statement of source.statements) {
    if (ts.isInterfaceDeclaration(statement)) interfaces.set(statement.name.text, statement);
    else if (ts.isTypeAliasDeclaration(statement)) aliases.set(statement.name.text, statement);
    else if (ts.isVariableStatement(statement)) {
      for (const d of statement.declarationList.declarations) {
        if (ts.isIdentifier(d.name) && d.initializer) constants.set(d.name.text, d.initializer);
      }
    }
  }
  parsed = { interfaces, aliases, constants, source };
  return parsed;
}

/** The names of every model (interface or type alias) the client declares. */
export function modelNames(): string[] {
  const { interfaces, aliases } = declarations();
  return [...interfaces.keys(), ...aliases.keys()];
}

const describe = (value: unknown) =>
  value === null ? "null" : Array.isArray(value) ? "an array" : typeof value === "string" ? `the string ${JSON.stringify(value)}` : `${typeof value} ${JSON.stringify(value)}`;

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === "object" && value !== null && !Array.isArray(value);

const propertyName = (name: ts.PropertyName) => (ts.isIdentifier(name) || ts.isStringLiteral(name) || ts.isNumericLiteral(name) ? name.text : name.getText());

const unwrap = (expression: ts.Expression): ts.Expression =>
  ts.isAsExpression(expression) || ts.isParenthesizedExpression(expression) || ts.isSatisfiesExpression(expression) ? unwrap(expression.expression) : expression;

/** The literal values of an enum the client declares as `const X = {...} as const` and `type X = typeof X[keyof typeof X]`. */
function enumValues(name: string): unknown[] {
  const initializer = declarations().constants.get(name);
  const object = initializer && unwrap(initializer);
  if (!object || !ts.isObjectLiteralExpression(object)) throw new Error(`The client declares no enum object ${name}`);
  return object.properties.map((p) => {
    if (!ts.isPropertyAssignment(p)) throw new Error(`Unsupported member in enum ${name}`);
    const v = unwrap(p.initializer);
    if (ts.isStringLiteral(v) || ts.isNoSubstitutionTemplateLiteral(v)) return v.text;
    if (ts.isNumericLiteral(v)) return Number(v.text);
    if (v.kind === ts.SyntaxKind.TrueKeyword) return true;
    if (v.kind === ts.SyntaxKind.FalseKeyword) return false;
    throw new Error(`Unsupported value in enum ${name}: ${v.getText()}`);
  });
}

type Members = readonly ts.TypeElement[];

/** Checks an object's declared properties (an interface's or a type literal's) and its index signature. */
function checkMembers(members: Members, value: unknown, at: string, problems: string[]) {
  if (!isRecord(value)) {
    problems.push(`${at}: expected an object, got ${describe(value)}`);
    return;
  }
  const declared = new Set<string>();
  for (const member of members) {
    if (!ts.isPropertySignature(member)) continue;
    const name = propertyName(member.name);
    declared.add(name);
    const present = Object.hasOwn(value, name) && value[name] !== undefined;
    if (!present) {
      if (!member.questionToken) problems.push(`${at}.${name}: required, missing`);
      continue;
    }
    if (member.type) checkType(member.type, value[name], `${at}.${name}`, problems);
  }
  const index = members.find(ts.isIndexSignatureDeclaration);
  if (index) {
    for (const [key, v] of Object.entries(value)) if (!declared.has(key)) checkType(index.type, v, `${at}[${JSON.stringify(key)}]`, problems);
  }
}

function interfaceMembers(declaration: ts.InterfaceDeclaration): Members {
  const inherited = (declaration.heritageClauses ?? []).flatMap((clause) =>
    clause.types.flatMap((t) => {
      const base = declarations().interfaces.get(t.expression.getText());
      if (!base) throw new Error(`Unsupported base type ${t.getText()} of ${declaration.name.text}`);
      return interfaceMembers(base);
    }),
  );
  return [...inherited, ...declaration.members];
}

function checkNamed(name: string, typeArguments: readonly ts.TypeNode[] | undefined, value: unknown, at: string, problems: string[]) {
  if ((name === "Array" || name === "ReadonlyArray" || name === "Set") && typeArguments?.[0]) {
    if (!Array.isArray(value)) return void problems.push(`${at}: expected an array, got ${describe(value)}`);
    value.forEach((item, i) => checkType(typeArguments[0]!, item, `${at}[${i}]`, problems));
    return;
  }
  if (name === "Record" && typeArguments?.[1]) {
    if (!isRecord(value)) return void problems.push(`${at}: expected an object, got ${describe(value)}`);
    for (const [key, v] of Object.entries(value)) checkType(typeArguments[1], v, `${at}[${JSON.stringify(key)}]`, problems);
    return;
  }
  const { interfaces, aliases } = declarations();
  const declaration = interfaces.get(name);
  if (declaration) return checkMembers(interfaceMembers(declaration), value, at, problems);
  const alias = aliases.get(name);
  if (alias) return checkType(alias.type, value, at, problems);
  throw new Error(`The client declares no model ${name} (at ${at})`);
}

function checkType(type: ts.TypeNode, value: unknown, at: string, problems: string[]): void {
  switch (type.kind) {
    case ts.SyntaxKind.StringKeyword:
      if (typeof value !== "string") problems.push(`${at}: expected a string, got ${describe(value)}`);
      return;
    case ts.SyntaxKind.NumberKeyword:
      if (typeof value !== "number") problems.push(`${at}: expected a number, got ${describe(value)}`);
      return;
    case ts.SyntaxKind.BooleanKeyword:
      if (typeof value !== "boolean") problems.push(`${at}: expected a boolean, got ${describe(value)}`);
      return;
    case ts.SyntaxKind.AnyKeyword:
    case ts.SyntaxKind.UnknownKeyword:
      return;
    case ts.SyntaxKind.ObjectKeyword:
      if (typeof value !== "object" || value === null) problems.push(`${at}: expected an object, got ${describe(value)}`);
      return;
    case ts.SyntaxKind.NullKeyword:
      if (value !== null) problems.push(`${at}: expected null, got ${describe(value)}`);
      return;
  }
  if (ts.isParenthesizedTypeNode(type)) return checkType(type.type, value, at, problems);
  if (ts.isLiteralTypeNode(type)) {
    const literal = type.literal;
    const expected =
      literal.kind === ts.SyntaxKind.NullKeyword ? null
      : literal.kind === ts.SyntaxKind.TrueKeyword ? true
      : literal.kind === ts.SyntaxKind.FalseKeyword ? false
      : ts.isNumericLiteral(literal) ? Number(literal.text)
      : ts.isStringLiteral(literal) ? literal.text
      : undefined;
    if (value !== expected) problems.push(`${at}: expected ${JSON.stringify(expected)}, got ${describe(value)}`);
    return;
  }
  if (ts.isArrayTypeNode(type)) {
    if (!Array.isArray(value)) return void problems.push(`${at}: expected an array, got ${describe(value)}`);
    value.forEach((item, i) => checkType(type.elementType, item, `${at}[${i}]`, problems));
    return;
  }
  if (ts.isTypeLiteralNode(type)) return checkMembers(type.members, value, at, problems);
  if (ts.isUnionTypeNode(type)) {
    const attempts = type.types.map((member) => {
      const own: string[] = [];
      checkType(member, value, at, own);
      return own;
    });
    if (attempts.some((own) => own.length === 0)) return;
    problems.push(`${at}: fits none of ${type.getText()}: ${attempts.map((own) => own.join("; ")).join(" | ")}`);
    return;
  }
  if (ts.isIntersectionTypeNode(type)) {
    for (const member of type.types) checkType(member, value, at, problems);
    return;
  }
  if (ts.isIndexedAccessTypeNode(type) && ts.isTypeQueryNode(type.objectType)) {
    const allowed = enumValues(type.objectType.exprName.getText());
    if (!allowed.includes(value)) problems.push(`${at}: expected one of ${allowed.map((v) => JSON.stringify(v)).join(", ")}, got ${describe(value)}`);
    return;
  }
  if (ts.isTypeReferenceNode(type)) return checkNamed(type.typeName.getText(), type.typeArguments, value, at, problems);
  throw new Error(`Unsupported type in the client's models at ${at}: ${type.getText()}`);
}

/** Where `value` departs from the client's model `name` (empty when it fits). Unknown extra properties are allowed, as the client allows them. */
export function modelProblems(name: string, value: unknown): string[] {
  const problems: string[] = [];
  checkNamed(name, undefined, value, "$", problems);
  return problems;
}

/** Throws, naming every problem, unless `value` fits the client's model `name`. */
export function assertModel(name: string, value: unknown, what = name): void {
  const problems = modelProblems(name, value);
  if (problems.length) throw new Error(`${what} does not fit the client's ${name} model:\n  ${problems.join("\n  ")}`);
}

/**
 * The model a method of one of the client's API classes declares it answers, read from the
 * class's functional form (`…ApiFp`, whose methods return `Promise<(…) => AxiosPromise<Model>>`);
 * `null` for `void` (no body).
 */
export function returnModelOf(apiClass: string, method: string): string | null {
  const factory = declarations().constants.get(`${apiClass}Fp`);
  if (!factory) throw new Error(`The client has no API class ${apiClass}`);
  let found: ts.TypeNode | undefined;
  const visit = (node: ts.Node) => {
    if (found) return;
    if (ts.isMethodDeclaration(node) && propertyName(node.name) === method && node.type) {
      found = node.type;
      return;
    }
    ts.forEachChild(node, visit);
  };
  visit(factory);
  if (!found) throw new Error(`${apiClass} has no method ${method}`);
  const promised = ts.isTypeReferenceNode(found) ? found.typeArguments?.[0] : undefined;
  const answer = promised && ts.isFunctionTypeNode(promised) ? promised.type : undefined;
  const model = answer && ts.isTypeReferenceNode(answer) && answer.typeName.getText() === "AxiosPromise" ? answer.typeArguments?.[0] : undefined;
  if (!model) throw new Error(`Unexpected return type of ${apiClass}.${method}: ${found.getText()}`);
  return model.kind === ts.SyntaxKind.VoidKeyword ? null : model.getText();
}

/** The methods of one of the client's API classes, in the order it declares them. */
export function methodsOf(apiClass: string): string[] {
  const declaration = declarations().source.statements.find((s): s is ts.ClassDeclaration => ts.isClassDeclaration(s) && s.name?.text === apiClass);
  if (!declaration) throw new Error(`The client has no API class ${apiClass}`);
  return declaration.members.filter(ts.isMethodDeclaration).map((m) => propertyName(m.name));
}

/**
 * Wraps an instance of one of the client's API classes: every method call that succeeds has its
 * response's `data` checked against the model the method declares (a method without a body must
 * answer none), and fails with every problem named if it does not fit. Refusals pass through as
 * the client raised them. `onAnswer` hears every successful answer before it is checked (so
 * whatever a call created can be cleaned up even when its answer does not fit).
 */
export function checkedClient<A extends object>(api: A, onAnswer?: (method: string, data: unknown) => void): A {
  const apiClass = api.constructor.name;
  return new Proxy(api, {
    get(target, property, receiver) {
      const original = Reflect.get(target, property, receiver) as unknown;
      if (typeof property !== "string" || typeof original !== "function" || property === "constructor") return original;
      return async (...args: unknown[]) => {
        let response: { data: unknown };
        try {
          response = await (original as (...a: unknown[]) => Promise<{ data: unknown }>).apply(target, args);
        } catch (error) {
          // The refusal itself stays as the client raised it (tests read its `response`); its
          // message names the call and what the API answered, so a failure says what broke.
          const answer = (error as { response?: { status: number; data: unknown } }).response;
          if (answer && error instanceof Error) error.message = `${apiClass}.${property} was refused: ${answer.status} ${JSON.stringify(answer.data)?.slice(0, 500)}`;
          throw error;
        }
        onAnswer?.(property, response.data);
        const model = returnModelOf(apiClass, property);
        if (model === null) {
          if (response.data !== "" && response.data !== undefined && response.data !== null) throw new Error(`${apiClass}.${property} declares no body but got ${JSON.stringify(response.data).slice(0, 200)}`);
        } else {
          assertModel(model, response.data, `The answer to ${apiClass}.${property}`);
        }
        return response;
      };
    },
  });
}
