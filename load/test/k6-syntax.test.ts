// The k6 scripts must parse in every k6 a team may run. k6 before v0.52 turns ES modules into CommonJS with
// Babel 6, whose parser knows ES2017 and nothing later: `?.` or `??` there stops the run with a SyntaxError
// before setup (found with a real k6 v0.48). Node, which runs them under the stand-in, parses all of it, so the
// syntax is checked here on the scripts' own syntax trees.
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import ts from "typescript";
import { describe, expect, it } from "vitest";
import { LOAD_DIR } from "../src/paths";

const SCRIPTS = [
  ...readdirSync(LOAD_DIR).filter((f) => f.endsWith(".js")),
  ...readdirSync(join(LOAD_DIR, "lib"))
    .filter((f) => f.endsWith(".js"))
    .map((f) => `lib/${f}`),
];

/** Syntax after ES2017 that Babel 6's parser rejects, by what it is called in an error message. */
function laterSyntax(node: ts.Node): string | undefined {
  if (
    (ts.isPropertyAccessExpression(node) || ts.isElementAccessExpression(node) || ts.isCallExpression(node)) &&
    node.questionDotToken
  )
    return "optional chaining (?.)";
  if (ts.isBinaryExpression(node)) {
    const op = node.operatorToken.kind;
    if (op === ts.SyntaxKind.QuestionQuestionToken) return "nullish coalescing (??)";
    if (
      op === ts.SyntaxKind.QuestionQuestionEqualsToken ||
      op === ts.SyntaxKind.BarBarEqualsToken ||
      op === ts.SyntaxKind.AmpersandAmpersandEqualsToken
    ) {
      return "logical assignment (??=, ||=, &&=)";
    }
  }
  if (ts.isSpreadAssignment(node)) return "object spread ({ ...x })";
  if (ts.isBindingElement(node) && node.dotDotDotToken && ts.isObjectBindingPattern(node.parent)) {
    return "object rest ({ ...rest } =)";
  }
  if (ts.isCatchClause(node) && !node.variableDeclaration) return "catch without a binding";
  if (ts.isPropertyDeclaration(node)) return "class field";
  if (ts.isPrivateIdentifier(node)) return "private name (#x)";
  if (ts.isBigIntLiteral(node)) return "BigInt literal";
  if (ts.isNumericLiteral(node) && node.getText().includes("_")) return "numeric separator";
  if (ts.isForOfStatement(node) && node.awaitModifier) return "for await";
  if (node.kind === ts.SyntaxKind.ImportKeyword && ts.isCallExpression(node.parent)) return "dynamic import()";
  if (ts.isMetaProperty(node) && node.keywordToken === ts.SyntaxKind.ImportKeyword) return "import.meta";
  return undefined;
}

function findLaterSyntax(file: string, text: string): string[] {
  const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true, ts.ScriptKind.JS);
  const found: string[] = [];
  const visit = (node: ts.Node) => {
    const what = laterSyntax(node);
    if (what) found.push(`${file}:${source.getLineAndCharacterOfPosition(node.getStart()).line + 1}: ${what}`);
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}

describe("k6 script syntax", () => {
  it("finds later syntax where it is (so the check below can fail)", () => {
    const sample = [
      "const a = b?.c;",
      "const d = e ?? 1;",
      "const f = { ...g };",
      "try { h(); } catch { }",
      "x ||= 1;",
      "class K { y = 1; }",
    ].join("\n");
    expect(findLaterSyntax("sample.js", sample)).toEqual([
      "sample.js:1: optional chaining (?.)",
      "sample.js:2: nullish coalescing (??)",
      "sample.js:3: object spread ({ ...x })",
      "sample.js:4: catch without a binding",
      "sample.js:5: logical assignment (??=, ||=, &&=)",
      "sample.js:6: class field",
    ]);
    expect(findLaterSyntax("fine.js", "const a = b && b.c; const [x, ...rest] = [];\ntry {} catch (_e) {}")).toEqual(
      [],
    );
  });

  it("the k6 scripts and their lib use only ES2017 syntax (k6 before v0.52 parses them with Babel 6)", () => {
    expect(SCRIPTS).toEqual(expect.arrayContaining(["order-api.js", "quota-race.js", "smoke.js", "lib/platform.js"]));
    const found = SCRIPTS.flatMap((file) => findLaterSyntax(file, readFileSync(join(LOAD_DIR, file), "utf8")));
    expect(found).toEqual([]);
  });
});
